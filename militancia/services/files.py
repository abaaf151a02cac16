"""The sweep of orphaned member files: photos, signatures and fingerprints no member points at."""

from __future__ import annotations

import contextlib
import os
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from militancia.files import OrphanedFiles, orphaned_member_files, stored_member_file
from militancia.personal_data import delete_files_and_copies

# A file younger than this may belong to a change whose transaction has not committed yet.
SWEEP_MIN_AGE = timedelta(hours=1)


def member_files_sweep(*, dry_run: bool, min_age: timedelta = SWEEP_MIN_AGE) -> OrphanedFiles:
    """Delete the orphaned member files (`militancia.files.orphaned_member_files`) and the copies
    made from them; `dry_run` only lists them. Run by `manage.py sweep_member_files`, from the
    server's console (no user: the system acts), and audited as one event with the counts (file
    names are not written: they belong to nobody any more). Replaced consent files are never swept.
    """
    orphans = orphaned_member_files(older_than=timezone.now() - min_age)
    if dry_run or not orphans.count:
        return orphans
    delete_files_and_copies(
        stored_member_file(field_name, name) for field_name, names in orphans.stored.items() for name in names
    )
    for path in orphans.copies:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)
    audit_record(
        actor=None,
        action=AuditEvent.Action.DELETE,
        changes={"deleted": orphans.count},
        message=_(
            "Orphaned member files deleted from storage: %(photos)s photos, %(signatures)s signatures, "
            "%(fingerprints)s fingerprints, %(copies)s copies made from photos."
        )
        % {
            "photos": len(orphans.stored["photo"]),
            "signatures": len(orphans.stored["signature"]),
            "fingerprints": len(orphans.stored["fingerprint"]),
            "copies": len(orphans.copies),
        },
        message_is_personal=False,
        source=AuditEvent.Source.SYSTEM,
    )
    return orphans
