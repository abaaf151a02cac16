"""Roster uploads ("planillas"): a coordinator's spreadsheet of members, validated, previewed,
imported as one reviewable batch, and undoable."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import user_link
from core.roles import Role
from core.scoping import ScopedManager
from core.workflow import StatusHistory, Transition, Workflow, reach_guard, toned
from militancia.models import MembershipConflict


class RosterUpload(models.Model):
    """One uploaded roster file and its journey: validate → preview → confirm → import (→ roll back).

    The content hash recognizes the same file uploaded twice; `RosterRow` holds what each line
    became, which is what makes the import resumable and the rollback possible.
    """

    SCOPE_FIELD = "territory"

    @toned(
        UPLOADED="secondary",
        MAPPING="warning",
        VALIDATING="secondary",
        VALIDATED="warning",
        IMPORTING="secondary",
        IMPORTED="success",
        FAILED="danger",
        ROLLED_BACK="secondary",
    )
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        MAPPING = "mapping", _("Waiting for column mapping")
        VALIDATING = "validating", _("Validating")
        VALIDATED = "validated", _("Validated (preview)")
        IMPORTING = "importing", _("Importing")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed")
        ROLLED_BACK = "rolled_back", _("Rolled back")

    # Uploads in these states no longer hold their content: the same file may be uploaded again.
    RELEASED_STATUSES = (Status.FAILED, Status.ROLLED_BACK)

    file = models.FileField(_("file"), upload_to="rosters/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("content hash"), max_length=64, db_index=True)
    file_kind = models.CharField(_("file type"), max_length=5, blank=True)
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="roster_uploads"
    )
    consent_location = models.CharField(
        _("where the signed consent forms are kept"),
        max_length=250,
        help_text=_("Office, box or folder where the paper authorizations signed by these people are kept."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED)
    error = models.TextField(_("error"), blank=True)
    auto_validate = models.BooleanField(
        default=False, help_text=_("Validate as soon as the mapping is complete (API).")
    )

    header_line = models.PositiveIntegerField(_("header row"), null=True, blank=True)
    headers = models.JSONField(_("headers"), default=list, blank=True)
    sample = models.JSONField(_("first rows"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    summary = models.JSONField(_("import summary"), default=dict, blank=True)
    rollback_report = models.JSONField(_("rollback report"), default=dict, blank=True)

    validation_job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    import_job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_by = user_link(_("confirmed by"))
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    rolled_back_by = user_link(_("rolled back by"))
    rolled_back_at = models.DateTimeField(_("rolled back"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        db_table = "militancia_rosterupload"  # kept from before the app split
        verbose_name = _("roster upload")
        verbose_name_plural = _("roster uploads")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same content is loaded once; a failed or rolled-back upload releases it.
            models.UniqueConstraint(
                fields=["sha256"],
                condition=~Q(status__in=["failed", "rolled_back"]),
                name="roster_unique_live_content",
            ),
        ]

    def __str__(self) -> str:
        return _("Roster #%(id)s (%(name)s)") % {"id": self.pk, "name": self.original_name}

    @property
    def source_ref(self) -> str:
        """What members created or completed by this roster carry in `source_ref`."""
        return str(self.pk)

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.VALIDATING, self.Status.IMPORTING)

    @property
    def is_validating(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.VALIDATING)

    @property
    def is_importing(self) -> bool:
        return self.status == self.Status.IMPORTING

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def is_validated(self) -> bool:
        """Waiting for the uploader's confirmation: the preview is shown."""
        return self.status == self.Status.VALIDATED

    @property
    def was_imported(self) -> bool:
        return self.status in (self.Status.IMPORTED, self.Status.ROLLED_BACK)

    @property
    def is_rolled_back(self) -> bool:
        return self.status == self.Status.ROLLED_BACK


class RosterUploadEvent(StatusHistory):
    """One move of an upload's status: who, when, from, to (the upload's history)."""

    SCOPE_FIELD = "upload__territory"
    Status = RosterUpload.Status

    upload = models.ForeignKey(RosterUpload, on_delete=models.CASCADE, related_name="events")

    objects = ScopedManager()

    class Meta:
        db_table = "militancia_rosteruploadevent"  # kept from before the app split
        verbose_name = _("roster status change")
        verbose_name_plural = _("roster status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.upload_id}: {self.from_status} → {self.to_status}"


_R = RosterUpload.Status
ROSTER_ROLES = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)

# The pipeline's moves. Most are made by the background jobs (no actor); the services that make
# them check the uploader's role and territory themselves.
ROSTER_WORKFLOW = Workflow(
    model=RosterUpload,
    history=RosterUploadEvent,
    history_fk="upload",
    subject=lambda upload: upload.original_name,
    guard=reach_guard(lambda upload: upload.territory),
    transitions=[
        Transition("ask_mapping", (_R.UPLOADED,), _R.MAPPING, system=True, manual=False),
        Transition("validate", (_R.UPLOADED,), _R.VALIDATING, system=True, manual=False),
        Transition("map", (_R.MAPPING, _R.VALIDATED), _R.VALIDATING, ROSTER_ROLES, _("Change the columns")),
        Transition("validated", (_R.VALIDATING,), _R.VALIDATED, system=True, manual=False),
        Transition("confirm", (_R.VALIDATED,), _R.IMPORTING, ROSTER_ROLES, _("Confirm the import")),
        Transition("imported", (_R.IMPORTING,), _R.IMPORTED, system=True, manual=False),
        Transition(
            "fail", (_R.UPLOADED, _R.MAPPING, _R.VALIDATING, _R.IMPORTING), _R.FAILED, system=True, manual=False
        ),
        Transition("roll_back", (_R.IMPORTED,), _R.ROLLED_BACK, (Role.NATIONAL_ADMIN,), _("Roll back this import")),
    ],
)


class RosterRow(models.Model):
    """One data line of an upload: its normalized values, its class in the preview, what the
    import did with it (per-row provenance for the rollback).

    Written and read set-wise (COPY, INSERT … SELECT), never one ORM call per row.
    """

    class Kind(models.TextChoices):
        NEW = "new", _("New member")
        EXISTING = "existing", _("Already a member")
        CONFLICT = "conflict", _("Member of another territory")
        DUPLICATE = "duplicate", _("Repeated in the file")
        INVALID = "invalid", _("Invalid")

    class Outcome(models.TextChoices):
        PENDING = "", _("Not imported yet")
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Blanks filled")
        UNCHANGED = "unchanged", _("Unchanged")
        SKIPPED = "skipped", _("Skipped")
        CONFLICT = "conflict", _("Sent to the conflicts queue")

    pk = models.CompositePrimaryKey("upload", "line")
    # No index of its own: the primary key (upload, line) starts with it. Staging rows are
    # written 100,000 at a time, and every index is paid on each COPY and each update.
    upload = models.ForeignKey(RosterUpload, on_delete=models.CASCADE, related_name="rows", db_index=False)
    line = models.PositiveIntegerField(_("row"))
    kind = models.CharField(max_length=10, choices=Kind.choices)
    errors = models.JSONField(null=True, blank=True)
    raw = models.JSONField(null=True, blank=True)
    id_type = models.CharField(max_length=5, blank=True)
    id_number = models.CharField(max_length=20, blank=True)
    first_names = models.CharField(max_length=120, blank=True)
    last_names = models.CharField(max_length=120, blank=True)
    search_name = models.CharField(max_length=250, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.CharField(max_length=254, blank=True)
    address = models.CharField(max_length=250, blank=True)
    territory = models.ForeignKey(
        "core.Territory",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # never searched by: a row is read through its upload
        related_name="+",
    )
    # The member the row matched or created. No constraint: the rollback deletes members. No
    # index: rows are read through their upload, and the one lookup by member (personal data)
    # also asks for the document, which no index serves, so it scans either way; the index only
    # cost each COPY and each match.
    member = models.ForeignKey(
        "militancia.Member",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    # The member's updated_at when the row was compared with it: the import compares again only
    # the rows whose member changed since the preview.
    member_updated_at = models.DateTimeField(null=True, blank=True)
    differences = models.JSONField(null=True, blank=True)
    filled = ArrayField(models.CharField(max_length=20), null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")

    class Meta:
        db_table = "militancia_rosterrow"  # kept from before the app split
        verbose_name = _("roster row")
        verbose_name_plural = _("roster rows")

    def __str__(self) -> str:
        return f"{self.upload_id}:{self.line}"


class RosterConflict(MembershipConflict):
    """A roster line naming a person who is already a member in another territory.

    Never resolved silently: a national administrator keeps the member where they are or
    moves them to the roster's territory. The shape of every conflict queue
    (`militancia.MembershipConflict`), with the roster's words for the territory and the values.
    """

    SCOPE_FIELD = "upload__territory"

    @toned(PENDING="warning", KEPT="secondary", MOVED="primary")
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        KEPT = "kept", _("Member kept in their territory")
        MOVED = "moved", _("Member moved to the roster's territory")

    upload = models.ForeignKey(RosterUpload, on_delete=models.CASCADE, related_name="conflicts")
    line = models.PositiveIntegerField(_("row"))
    # The shared columns, worded for a roster.
    proposed_territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory in the roster"), on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(_("values in the roster"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)

    objects = ScopedManager()

    class Meta(MembershipConflict.Meta):
        db_table = "militancia_rosterconflict"  # kept from before the app split
        verbose_name = _("roster conflict")
        verbose_name_plural = _("roster conflicts")
        constraints = [models.UniqueConstraint(fields=["upload", "line"], name="roster_conflict_once_per_row")]
        indexes = [models.Index(fields=["status", "created_at"], name="roster_conflict_status")]

    def __str__(self) -> str:
        return f"{self.upload_id}:{self.line} → {self.member_id}"
