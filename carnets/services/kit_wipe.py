"""Wiping a drive kit's personal data after a complete sync: `make drive-kit-wipe` at the
laptop's console, or the button on the kit's page (a card worker of the drive, confirmed by
typing the drive's name). Both run `kit_wipe`; both are audited on the kit."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carnets.models import Jornada, KitState
from carnets.photos import cache_dir
from carnets.roles import CARD_WORKERS
from carnets.services.kit_sync import kit_unsynced
from core.audit import audit_record
from core.models import AuditEvent
from core.permissions import ensure_reach, ensure_role

if TYPE_CHECKING:
    from core.models import User


def kit_wipe(*, confirmation: str) -> dict:
    """The console's wipe (`make drive-kit-wipe`): whoever holds the laptop's shell holds its
    database anyway, so only the confirmation is asked. See `_wipe`."""
    return _wipe(state=_loaded(), confirmation=confirmation, actor=None)


def kit_wipe_by(*, actor: User, confirmation: str) -> dict:
    """The kit page's wipe button: a card worker of the drive's territory, same confirmation."""
    state = _loaded()
    ensure_role(actor, CARD_WORKERS, _("wipe the drive kit"))
    ensure_reach(actor, state.jornada)
    return _wipe(state=state, confirmation=confirmation, actor=actor)


def _loaded() -> KitState:
    from carnets.services.kit import kit_state

    state = kit_state()
    if state is None:
        raise ValidationError(_("No drive package is loaded on this kit."))
    return state


def _wipe(*, state: KitState, confirmation: str, actor: User | None) -> dict:
    """Erase this kit's personal data after a complete sync: members, cards, registrations, their
    files and the personal values of its audit log; the kit's state and sync answers stay.

    `confirmation` must be the drive's name as printed on the kit's page. Audited on the kit (with
    the person who pressed the button, or as the system from the console). Refused while anything
    is still to sync.
    """
    from django.core.files.storage import default_storage

    from militancia.models import Member

    if confirmation.strip() != state.jornada.name:
        raise ValidationError(_("Type the drive's name exactly to confirm the wipe."))
    pending = kit_unsynced(state=state)
    if pending:
        raise ValidationError(_("%(n)s records are not synced yet: sync the kit before wiping it.") % {"n": pending})
    files = []
    for names in Member.objects.exclude(photo="", signature="", fingerprint="").values_list(
        "photo", "signature", "fingerprint"
    ):
        files.extend(name for name in names if name)
    files.extend(name for name in Jornada.objects.exclude(summary_pdf="").values_list("summary_pdf", flat=True))
    with transaction.atomic():
        members = Member.objects.count()
        with connection.cursor() as cursor:
            # CASCADE reaches every table that points at a member: cards, registrations, accesses, conflicts.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending deferred checks
            cursor.execute("TRUNCATE militancia_member CASCADE")
            cursor.execute("DELETE FROM core_auditpersonalvalue")
        get_user_model().objects.filter(is_superuser=False).update(password="!kit-wiped")
        KitState.objects.filter(pk=state.pk).update(wiped_at=timezone.now())
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=state,
            message=_("Personal data wiped from the kit after a complete sync (%(n)s members)") % {"n": members},
            message_is_personal=False,
            source=AuditEvent.Source.SYSTEM if actor is None else None,
        )
    for name in files:
        default_storage.delete(name)
    # The card-sized copies of the photos (carnets.photos): every one of them is of this drive's people.
    shutil.rmtree(cache_dir(), ignore_errors=True)
    return {"members": members, "files": len(files)}
