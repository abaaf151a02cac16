"""The second factor: an authenticator app (TOTP), passkeys (WebAuthn) and single-use recovery codes.

Which roles must use one is settings.SECOND_FACTOR_ROLES (User.requires_second_factor); the
pages are core.views.second_factor, the middleware core.middleware.RequireSecondFactorMiddleware.
Recovery codes are a django-otp static device: each token is deleted when used, so a code
works once; regenerating replaces the whole set.
"""

from __future__ import annotations

import base64
import secrets

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from core.audit import audit_record
from core.models import AuditEvent, User

RECOVERY_DEVICE_NAME = "recovery"


def has_second_factor(user: User) -> bool:
    """Whether the user enrolled an app or a passkey (recovery codes alone do not count)."""
    return any(not isinstance(device, StaticDevice) for device in devices_for_user(user, confirmed=True))


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def passkeys(user: User) -> list[WebAuthnCredential]:
    return list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at"))


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()


def recovery_codes_left(user: User) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device else 0


def _new_code() -> str:
    """16 base32 characters (80 random bits), stored as is."""
    return base64.b32encode(secrets.token_bytes(10)).decode()


def shown_code(code: str) -> str:
    """XXXX-XXXX-XXXX-XXXX, easier to copy by hand."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalize_recovery_code(code: str) -> str:
    """What the user typed, as stored: dashes, spaces and lower case forgiven."""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:16]


@transaction.atomic
def recovery_codes_generate(*, user: User, actor: User) -> list[str]:
    """A new set of recovery codes; the previous ones stop working. Shown once: only here."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_new_code() for _i in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=user, message=_("recovery codes generated"))
    return [shown_code(code) for code in codes]


def totp_confirm(*, device: TOTPDevice, actor: User) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=actor, changes={"second_factor": [None, "TOTP"]})


@transaction.atomic
def second_factor_reset(*, user: User, actor: User) -> int:
    """Remove every factor of `user` (app, passkeys, recovery codes): they enrol again at next login."""
    if not actor.is_superuser and not actor.has_perm("core.change_user"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Only an administrator can reset a second factor."))
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        changes={"second_factor": ["configured" if removed else None, None]},
        message=_("second factor reset by an administrator"),
    )
    return removed
