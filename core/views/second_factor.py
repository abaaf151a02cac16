"""Second-factor pages: enrolment (app or passkey), verification at login (app, passkey or a
recovery code), the account's security page and its recovery codes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration

from core import second_factor
from core.audit import audit_record
from core.forms import RecoveryCodeForm, TokenForm
from core.models import AuditEvent
from core.totp import base32_secret, qr_data_uri


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _passkey_config(request) -> dict:
    """What the vendored django-otp-webauthn scripts read (json_script "otp_webauthn_config")."""
    return get_configuration(request)


def _failed(request, form, field: str, message: str) -> None:
    audit_record(actor=request.user, action=AuditEvent.Action.LOGIN_FAILED, message=_("invalid second-factor code"))
    form.add_error(field, message)


def _verified(request, device, next_url: str):
    otp_login(request, device)
    messages.success(request, _("Second factor verified."))
    return redirect(next_url)


@never_cache
@login_required
def otp_verify(request):
    """First time: set up an authenticator app or a passkey. Later: verify one of the user's factors."""
    if second_factor.has_second_factor(request.user):
        return _verify(request)
    return _enrol(request)


def _enrol(request):
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name=_("Authenticator app"), confirmed=False
    )
    next_url = _safe_next(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            second_factor.totp_confirm(device=device, actor=user)
            otp_login(request, device)
            return redirect(_with_next("core:recovery-codes", next_url))
        _failed(request, form, "token", _("The code is not valid or has expired. Type the current 6-digit code."))
    context = {
        "form": form,
        "next": next_url,
        "qr": qr_data_uri(device.config_url),
        "secret": base32_secret(device.bin_key),
        "passkey_config": _passkey_config(request),
        "after_passkey": _with_next("core:recovery-codes", next_url),
    }
    return render(request, "registration/otp_enrol.html", context)


def _verify(request):
    user = request.user
    next_url = _safe_next(request)
    totp = second_factor.totp_device(user)
    method = request.POST.get("method") if request.method == "POST" else None
    form = TokenForm(request.POST if method == "totp" else None)
    recovery_form = RecoveryCodeForm(request.POST if method == "recovery" else None)
    if method == "totp" and totp is not None and form.is_valid():
        if totp.verify_token(form.cleaned_data["token"]):
            return _verified(request, totp, next_url)
        _failed(request, form, "token", _("The code is not valid or has expired. Type the current 6-digit code."))
    if method == "recovery" and recovery_form.is_valid():
        device = second_factor.recovery_device(user)
        if device is not None and device.verify_token(recovery_form.cleaned_data["code"]):
            audit_record(actor=user, action=AuditEvent.Action.LOGIN, obj=user, message=_("recovery code used"))
            messages.warning(
                request,
                _("You used a recovery code; %(left)s left. Generate new ones if you are running out.")
                % {"left": second_factor.recovery_codes_left(user)},
            )
            return _verified(request, device, next_url)
        _failed(request, recovery_form, "code", _("The recovery code is not valid or was already used."))
    context = {
        "form": form,
        "recovery_form": recovery_form,
        "show_recovery": method == "recovery",
        "next": next_url,
        "has_totp": totp is not None,
        "has_passkeys": bool(second_factor.passkeys(user)),
        "passkey_config": _passkey_config(request),
    }
    return render(request, "registration/otp.html", context)


def _needs_verification(request):
    """Security settings change only in a verified session (else the password alone would do)."""
    if request.user.is_verified() or not second_factor.has_second_factor(request.user):
        return None
    return redirect(_with_next("core:otp-verify", request.get_full_path()))


@never_cache
@login_required
def security(request):
    """The account's factors: the app, passkeys (add one) and how many recovery codes are left."""
    if (answer := _needs_verification(request)) is not None:
        return answer
    user = request.user
    context = {
        "required": user.requires_second_factor(),
        "has_totp": second_factor.totp_device(user) is not None,
        "passkeys": second_factor.passkeys(user),
        "codes_left": second_factor.recovery_codes_left(user),
        "enrolled": second_factor.has_second_factor(user),
        "passkey_config": _passkey_config(request),
        "after_passkey": reverse("core:security"),
    }
    return render(request, "registration/security.html", context)


@never_cache
@login_required
def recovery_codes(request):
    """Right after enrolment the first set is generated and shown; later the page offers new ones."""
    if not request.user.is_verified():
        return redirect(_with_next("core:otp-verify", request.get_full_path()))
    codes = []
    if second_factor.recovery_device(request.user) is None:
        codes = second_factor.recovery_codes_generate(user=request.user, actor=request.user)
    return _codes_page(request, codes)


@never_cache
@login_required
@require_POST
def recovery_codes_regenerate(request):
    if not request.user.is_verified():
        return redirect(_with_next("core:otp-verify", reverse("core:security")))
    codes = second_factor.recovery_codes_generate(user=request.user, actor=request.user)
    messages.success(request, _("New recovery codes were generated. The previous ones no longer work."))
    return _codes_page(request, codes)


def _codes_page(request, codes: list[str]):
    context = {
        "codes": codes,
        "codes_left": second_factor.recovery_codes_left(request.user),
        "next": _safe_next(request),
    }
    return render(request, "registration/recovery_codes.html", context)
