from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.scoping import ScopedManager
from core.workflow import StatusHistory, Transition, Workflow, reach_guard, toned
from electoral.roles import DECIDERS, OPERATORS
from militancia.fields import optional_member
from militancia.identity import IdType


class PollWatcher(models.Model):
    """A poll watcher (testigo electoral / representante de casilla) recruited for one election.

    A member, or a person with an ID number who is not a member yet. After the election
    the evaluation (score, notes) feeds the directory used to recruit for the next one.
    """

    SCOPE_FIELD = "territory"

    class Role(models.TextChoices):
        GENERAL = "general", _("General watcher")
        TABLE = "table", _("Table watcher")
        PLACE_COORDINATOR = "place_coordinator", _("Polling-place coordinator")

    @toned(
        PROSPECT="secondary",
        CONFIRMED="info",
        TRAINED="primary",
        ACCREDITED="success",
        ASSIGNED="success",
        REPLACED="dark",
    )
    class Status(models.TextChoices):
        PROSPECT = "prospecto", pgettext_lazy("poll watcher status", "Prospect")
        CONFIRMED = "confirmado", pgettext_lazy("poll watcher status", "Confirmed")
        TRAINED = "capacitado", pgettext_lazy("poll watcher status", "Trained")
        ACCREDITED = "acreditado", pgettext_lazy("poll watcher status", "Accredited")
        ASSIGNED = "asignado", pgettext_lazy("poll watcher status", "Assigned")
        REPLACED = "sustituido", pgettext_lazy("poll watcher status", "Replaced")

    election = models.ForeignKey(
        "electoral.Election", verbose_name=_("election"), on_delete=models.CASCADE, related_name="watchers"
    )
    member = optional_member(related_name="watcher_duties")
    id_type = models.CharField(_("document type"), max_length=5, choices=IdType.choices, default=IdType.CC)
    id_number = models.CharField(_("document number"), max_length=20)
    first_names = models.CharField(_("first names"), max_length=120)
    last_names = models.CharField(_("last names"), max_length=120)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.TABLE)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROSPECT)
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("replaced by"), null=True, blank=True, on_delete=models.PROTECT, related_name="replaces"
    )
    replacement_reason = models.CharField(_("replacement reason"), max_length=300, blank=True)
    credential_number = models.CharField(_("credential number"), max_length=40, blank=True)
    score = models.PositiveSmallIntegerField(_("evaluation score (1–5)"), null=True, blank=True)
    evaluation_notes = models.TextField(_("evaluation notes"), blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("poll watcher")
        verbose_name_plural = _("poll watchers")
        ordering = ["last_names", "first_names", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "id_number", "id_type"], name="watcher_once_per_election"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__range=(1, 5)), name="watcher_score_1_5"),
        ]
        indexes = [models.Index(fields=["election", "status"], name="watcher_election_status")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.id_type} {self.id_number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_names}".strip()

    @property
    def is_replaced(self) -> bool:
        return self.status == self.Status.REPLACED

    @property
    def has_credential(self) -> bool:
        return self.status in (self.Status.ACCREDITED, self.Status.ASSIGNED)


class PollWatcherHistory(StatusHistory):
    """One move of a poll watcher through the lifecycle (or a substitution)."""

    SCOPE_FIELD = "watcher__territory"
    Status = PollWatcher.Status

    watcher = models.ForeignKey(PollWatcher, on_delete=models.CASCADE, related_name="history")

    objects = ScopedManager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("poll watcher history")
        verbose_name_plural = _("poll watcher history")

    def __str__(self) -> str:
        return f"{self.watcher_id}: {self.from_status} → {self.to_status}"


_W = PollWatcher.Status


def _untrained(watcher: PollWatcher, transition: Transition) -> str | None:
    # A watcher is marked trained once a session's attendance says they came.
    if transition.name == "train" and not watcher.trainings.filter(attended=True).exists():
        return str(_("%(name)s has not attended any training session yet.")) % {"name": watcher.full_name}
    return None


# The lifecycle. Assignment, unassignment and substitution are not buttons of their own: the
# services that record them (assignments, substitution) make these moves as a consequence.
WATCHER_WORKFLOW = Workflow(
    model=PollWatcher,
    history=PollWatcherHistory,
    history_fk="watcher",
    subject=lambda watcher: watcher.full_name,
    guard=reach_guard(lambda watcher: watcher.territory),
    precondition=_untrained,
    lock_related=("election", "territory"),
    transitions=[
        Transition("confirm", (_W.PROSPECT,), _W.CONFIRMED, OPERATORS, _("Confirm")),
        Transition("train", (_W.CONFIRMED,), _W.TRAINED, OPERATORS, _("Mark as trained")),
        Transition("accredit", (_W.TRAINED,), _W.ACCREDITED, DECIDERS, _("Accredit")),
        Transition("assign", (_W.ACCREDITED,), _W.ASSIGNED, OPERATORS, manual=False),
        Transition("unassign", (_W.ASSIGNED,), _W.ACCREDITED, OPERATORS, manual=False),
        Transition(
            "replace",
            (_W.PROSPECT, _W.CONFIRMED, _W.TRAINED, _W.ACCREDITED, _W.ASSIGNED),
            _W.REPLACED,
            OPERATORS,
            manual=False,
        ),
    ],
)


class TrainingSession(models.Model):
    """A training session for poll watchers, with its attendance list."""

    SCOPE_FIELD = "territory"

    election = models.ForeignKey(
        "electoral.Election", verbose_name=_("election"), on_delete=models.CASCADE, related_name="trainings"
    )
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200)
    trainer = models.CharField(_("trainer"), max_length=150)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        # Shown to people (watcher pages, histories): Colombian date.
        return f"{self.topic} · {timezone.localtime(self.starts_at):%d/%m/%Y}"


class TrainingAttendance(models.Model):
    """Whether a watcher attended a training session."""

    SCOPE_FIELD = "session__territory"

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    watcher = models.ForeignKey(PollWatcher, on_delete=models.CASCADE, related_name="trainings")
    attended = models.BooleanField(_("attended"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "watcher"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.watcher_id}: {self.attended}"


class WatcherAssignment(models.Model):
    """A watcher posted to a polling place or table for a time window on election day.

    The service refuses a second active assignment of the same watcher overlapping in time
    (one person cannot be at two tables at once), locking the watcher row while it checks.
    """

    SCOPE_FIELD = "unit__territory"
    SCOPE_INCLUDE_UNSET = True

    @toned(PENDING="secondary", PRESENT="success", ABSENT="danger")
    class CheckIn(models.TextChoices):
        PENDING = "pending", _("Not reported")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")

    election = models.ForeignKey("electoral.Election", on_delete=models.CASCADE, related_name="assignments")
    watcher = models.ForeignKey(
        PollWatcher, verbose_name=_("watcher"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        "electoral.ElectoralUnit", verbose_name=_("polling place or table"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(pgettext_lazy("time range", "from"))
    ends_at = models.DateTimeField(_("until"))
    active = models.BooleanField(default=True)
    checkin = models.CharField(_("check-in"), max_length=10, choices=CheckIn.choices, default=CheckIn.PENDING)
    checkin_at = models.DateTimeField(_("check-in time"), null=True, blank=True)
    checkin_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="assignment_window_order"),
        ]
        indexes = [
            models.Index(fields=["election", "unit"], name="assignment_election_unit", condition=Q(active=True)),
            models.Index(fields=["watcher", "active"], name="assignment_watcher_active"),
        ]

    def __str__(self) -> str:
        return f"{self.watcher_id} → {self.unit_id}"


class Incident(models.Model):
    """Something that went wrong on election day at a polling place or table."""

    SCOPE_FIELD = "unit__territory"
    SCOPE_INCLUDE_UNSET = True

    class Kind(models.TextChoices):
        MISSING_MATERIAL = "material", _("Missing electoral material")
        ACCESS_DENIED = "access", _("Watcher denied access")
        VOTE_BUYING = "vote_buying", _("Vote buying")
        VIOLENCE = "violence", _("Violence or pressure on voters")
        COUNT_IRREGULARITY = "count", _("Irregularity in the count")
        IDENTITY = "identity", _("Identity impersonation")
        OTHER = "other", _("Other")

    election = models.ForeignKey("electoral.Election", on_delete=models.CASCADE, related_name="incidents")
    unit = models.ForeignKey(
        "electoral.ElectoralUnit", verbose_name=_("polling place"), on_delete=models.PROTECT, related_name="+"
    )
    table = models.ForeignKey(
        "electoral.ElectoralUnit",
        verbose_name=_("table"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"))
    photo = models.ImageField(_("photo"), upload_to="electoral/incidents/%Y/%m/", blank=True)
    watcher = models.ForeignKey(PollWatcher, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.occurred_at:%H:%M}"


class PlaceCoverage(models.Model):
    """Live coverage of one polling place in one election, kept by the assignment and check-in services.

    The coverage board reads these rows (one per place) instead of aggregating 120,000 tables and
    their assignments on every request; each write refreshes only the places it touched.
    """

    election = models.ForeignKey("electoral.Election", on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey("electoral.ElectoralUnit", on_delete=models.CASCADE, related_name="+")
    covered = models.PositiveIntegerField(default=0)
    registered_covered = models.PositiveIntegerField(default=0)
    present = models.PositiveIntegerField(default=0)
    absent = models.PositiveIntegerField(default=0)
    has_coordinator = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["election", "place"], name="place_coverage_once")]

    def __str__(self) -> str:
        return f"{self.place_id}: {self.covered}"
