"""Roster uploads: create (checks and stores the file), map the columns, confirm; the state moves."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.jobs import job_create, job_enqueue, job_fail
from core.models import AuditEvent, Territory
from core.roles import Role
from core.tabular import Limits, TabularError, inspect_upload
from core.workflow import TransitionError, move
from rosters.fields import ROSTER_FIELDS, mapping_problems
from rosters.models import ROSTER_WORKFLOW, RosterRow, RosterUpload

if TYPE_CHECKING:
    from core.models import User

Status = RosterUpload.Status


ROSTER_ROLES = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)


class RosterError(ValidationError):
    """An illegal move or bad input in the roster pipeline; the message is for the user."""


class RosterAlreadyLoaded(RosterError):
    def __init__(self, message, *, previous: RosterUpload):
        super().__init__(message)
        self.previous = previous


def roster_setting(*, name: str, default: int | float | None) -> int | float | str | None:
    """A tuning knob: from settings, else from the environment (so a worker can be tuned alone)."""
    return getattr(settings, name, None) or os.environ.get(name) or default


def roster_limits() -> Limits:
    return Limits(
        max_bytes=getattr(settings, "ROSTER_MAX_UPLOAD_BYTES", 64 * 1024 * 1024),  # a 1M-row .xlsx is ~40 MB
        max_rows=getattr(settings, "ROSTER_MAX_ROWS", 1_000_000),
        max_columns=getattr(settings, "ROSTER_MAX_COLUMNS", 60),
        child_memory_bytes=getattr(settings, "ROSTER_READER_MEMORY_BYTES", 2048 * 1024 * 1024),
    )


# --- state machine -------------------------------------------------------------------------


def upload_move(
    *, upload_id: int, name: str, actor: User | None = None, note: str = "", **values: object
) -> RosterUpload:
    """The one way an upload changes status: `core.workflow.move` over `ROSTER_WORKFLOW` (locks
    the row, checks the table, records the move), setting `values` with it."""

    def apply(upload: RosterUpload) -> None:
        for field, value in values.items():
            setattr(upload, field, value)

    try:
        # Locked so a double click (or the page and the API at once) cannot start two imports.
        return move(
            upload_id,
            workflow=ROSTER_WORKFLOW,
            name=name,
            actor=actor,
            note=note[:500],
            apply=apply,
            save_fields=values.keys(),
        )
    except TransitionError:
        status = RosterUpload.objects.get(pk=upload_id).get_status_display()
        raise RosterError(
            _("This roster is “%(status)s”: that step is not possible now.") % {"status": status}
        ) from None


def _check_can_use(actor: User, territory: Territory) -> None:
    if actor is None or not actor.has_role(*ROSTER_ROLES):
        raise PermissionDenied(_("Your role cannot upload rosters."))
    if not actor.can_reach(territory):
        raise PermissionDenied(_("You cannot upload rosters for %(territory)s.") % {"territory": territory.name})


# --- upload ----------------------------------------------------------------------------------


@contextmanager
def _local_copy(uploaded):
    """A filesystem path to the uploaded content (Django keeps big uploads in a temp file)."""
    if hasattr(uploaded, "temporary_file_path"):
        yield uploaded.temporary_file_path()
        return
    with tempfile.NamedTemporaryFile(prefix="roster-", suffix=".upload") as tmp:
        for chunk in uploaded.chunks():
            tmp.write(chunk)
        tmp.flush()
        yield tmp.name


def file_sha256(*, uploaded: File) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def _already_loaded_message(previous: RosterUpload, actor: User) -> str:
    if not actor.can_reach(previous.territory):
        # Another territory's roster: who uploaded it, its number and place are not this user's to know.
        return _("This file was already uploaded: nothing is imported twice. It requires national review.")
    who = previous.uploaded_by.get_full_name() or previous.uploaded_by.get_username() if previous.uploaded_by else "—"
    return _(
        "This file was already uploaded on %(date)s by %(who)s (roster #%(id)s, %(status)s): nothing is imported twice."
    ) % {
        "date": timezone.localtime(previous.created_at).strftime("%d/%m/%Y %H:%M"),
        "who": who,
        "id": previous.pk,
        "status": previous.get_status_display(),
    }


def roster_upload_create(
    *,
    uploaded_file: File,
    territory: Territory,
    consent_location: str,
    actor: User,
    auto_validate: bool = False,
) -> RosterUpload:
    """Check the file (size, type by content, zip bomb, password), refuse content already loaded,
    store it and start reading it in the background."""
    _check_can_use(actor, territory)
    consent_location = (consent_location or "").strip()
    if not consent_location:
        raise RosterError(_("Say where the signed consent forms are kept."))
    limits = roster_limits()
    if uploaded_file.size > limits.max_bytes:
        raise RosterError(
            TabularError(
                "too_large", size=round(uploaded_file.size / 2**20, 1), limit=limits.max_bytes // 2**20
            ).message
        )
    with _local_copy(uploaded_file) as path:
        try:
            kind = inspect_upload(path, limits)
        except TabularError as exc:
            raise RosterError(exc.message) from exc
    digest = file_sha256(uploaded=uploaded_file)
    previous = _live_upload_with(digest)
    if previous is not None:
        raise RosterAlreadyLoaded(_already_loaded_message(previous, actor), previous=previous)
    try:
        with transaction.atomic():
            upload = RosterUpload(
                original_name=os.path.basename(uploaded_file.name or "planilla")[:255],
                size=uploaded_file.size,
                sha256=digest,
                file_kind=str(kind),
                territory=territory,
                consent_location=consent_location[:250],
                uploaded_by=actor,
                auto_validate=auto_validate,
            )
            upload.full_clean(exclude=["file"])
            uploaded_file.seek(0)
            # A random stored name: the original one may carry personal data.
            upload.file.save(f"{uuid.uuid4().hex}.{kind}", File(uploaded_file), save=False)
            upload.save()
            ROSTER_WORKFLOW.record(upload, from_status="", to_status=Status.UPLOADED, actor=actor)
            job = job_create(kind="rosters.upload_read", user=actor)
            upload.validation_job = job
            upload.save(update_fields=["validation_job"])
            from rosters.tasks import roster_process_task

            job_enqueue(job=job, task=roster_process_task, args=(upload.pk,))
    except IntegrityError as exc:  # the same file, uploaded twice at the same moment
        previous = _live_upload_with(digest)
        if previous is None:
            raise
        raise RosterAlreadyLoaded(_already_loaded_message(previous, actor), previous=previous) from exc
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=upload,
        source=AuditEvent.Source.ROSTER,
        source_ref=upload.source_ref,
        message=_("Roster uploaded: %(name)s (%(size)s bytes)") % {"name": upload.original_name, "size": upload.size},
    )
    return upload


def _live_upload_with(digest: str) -> RosterUpload | None:
    return (
        RosterUpload.objects.filter(sha256=digest)
        .exclude(status__in=RosterUpload.RELEASED_STATUSES)
        .select_related("uploaded_by")
        .first()
    )


def roster_mapping_set(*, upload: RosterUpload, mapping: dict[str, int], actor: User) -> RosterUpload:
    """The user's column mapping; validation starts in the background."""
    _check_can_use(actor, upload.territory)
    mapping = {field: int(index) for field, index in mapping.items() if index is not None and index != ""}
    unknown = [field for field in mapping if field not in ROSTER_FIELDS]
    out_of_range = [field for field, index in mapping.items() if not 0 <= index < max(len(upload.headers), 1)]
    problems = mapping_problems(mapping, needs_municipality=needs_municipality(territory=upload.territory))
    if unknown or out_of_range:
        problems.append(_("The mapping names a column that is not in the file."))
    if problems:
        raise RosterError(problems)
    job = job_create(kind="rosters.upload_validate", user=actor)
    upload = upload_move(
        upload_id=upload.pk,
        name="map",
        actor=actor,
        mapping=mapping,
        validation_job=job,
        counts={},
    )
    from rosters.tasks import roster_process_task

    job_enqueue(job=job, task=roster_process_task, args=(upload.pk,))
    return upload


def roster_confirm(*, upload: RosterUpload, actor: User) -> RosterUpload:
    """The user saw the preview and confirms: the import runs in the background."""
    _check_can_use(actor, upload.territory)
    with transaction.atomic():
        job = job_create(kind="rosters.upload_import", user=actor, total=upload.counts.get("total", 0))
        upload = upload_move(upload_id=upload.pk, name="confirm", actor=actor, confirmed_by=actor, import_job=job)
        from rosters.tasks import roster_import_task

        job_enqueue(job=job, task=roster_import_task, args=(upload.pk,))
    return upload


# --- background steps ------------------------------------------------------------------------


def needs_municipality(*, territory: Territory) -> bool:
    """Whether rows must say their municipality: not for a municipality's roster, nor for a
    department with a single municipality (Bogotá, D.C.)."""
    if territory.kind in (Territory.Kind.MUNICIPALITY, Territory.Kind.LOCALITY):
        return False
    return Territory.objects.subtree([territory]).filter(kind=Territory.Kind.MUNICIPALITY)[:2].count() != 1


def upload_fail(*, upload_id: int, message: str, job_id: int | None) -> None:
    with contextlib.suppress(RosterError):  # already moved on (e.g. failed by a previous attempt)
        upload_move(
            upload_id=upload_id,
            name="fail",
            error=message,
            note=message,
        )
    # Half-validated rows are of no use to anybody.
    RosterRow.objects.filter(upload_id=upload_id).delete()
    if job_id is not None:
        job_fail(job_id, message)


@contextmanager
def stored_file_path(*, upload: RosterUpload) -> Iterator[str]:
    try:
        yield upload.file.path
    except NotImplementedError:  # remote storage: work on a local copy
        with tempfile.NamedTemporaryFile(prefix="roster-", suffix=f".{upload.file_kind}") as tmp:
            with upload.file.open("rb") as source:
                shutil.copyfileobj(source, tmp)
            tmp.flush()
            yield tmp.name
