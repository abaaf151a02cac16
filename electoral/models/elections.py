from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import optional_territory, user_link
from core.scoping import ScopedManager
from core.workflow import toned


class Election(models.Model):
    """An election the party takes part in: national, or limited to one territory."""

    SCOPE_FIELD = "territory"
    SCOPE_INCLUDE_UNSET = True  # a national election is visible to every electoral user

    class Kind(models.TextChoices):
        PRESIDENTIAL = "presidential", _("Presidential")
        CONGRESS = "congress", _("Congress")
        GOVERNOR = "governor", _("Governor")
        MAYOR = "mayor", _("Mayor")
        ASSEMBLY = "assembly", _("Departmental assembly")
        COUNCIL = "council", _("Municipal council")
        LOCAL_BOARDS = "local_boards", _("Local administrative boards")
        INTERNAL = "internal", _("Internal party election")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("election date"))
    territory = optional_territory(_("Leave empty for a national election."))
    root_unit = models.ForeignKey(
        "electoral.ElectoralUnit",
        verbose_name=_("electoral geography"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The top unit of the electoral geography this election uses (empty: all)."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder days before"), default=5, help_text=_("E-mail reminders are sent this many days before a deadline.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-date", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%Y-%m-%d})"

    @property
    def has_taken_place(self) -> bool:
        """Election day has come: watchers can be evaluated."""
        return timezone.localdate() >= self.date

    @property
    def scope_label(self) -> str:
        return self.territory.name if self.territory_id else str(_("National"))


class Milestone(models.Model):
    """A deadline of the legal electoral calendar (hito), with its evidence and reminders."""

    SCOPE_FIELD = "election__territory"
    SCOPE_INCLUDE_UNSET = True

    @toned(PENDING="secondary", IN_PROGRESS="info", DONE="success", OVERDUE="danger")
    class Status(models.TextChoices):
        PENDING = "pendiente", pgettext_lazy("milestone status", "Pending")
        IN_PROGRESS = "en_curso", pgettext_lazy("milestone status", "In progress")
        DONE = "cumplido", pgettext_lazy("milestone status", "Done")
        OVERDUE = "vencido", pgettext_lazy("milestone status", "Overdue")

    OPEN_STATUSES = (Status.PENDING, Status.IN_PROGRESS, Status.OVERDUE)
    # Where a person may move a milestone from each status ("overdue" is set by the system).
    MOVES = {
        Status.PENDING: (Status.IN_PROGRESS, Status.DONE),
        Status.IN_PROGRESS: (Status.PENDING, Status.DONE),
        Status.OVERDUE: (Status.IN_PROGRESS, Status.DONE),
        Status.DONE: (Status.IN_PROGRESS,),
    }

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(_("name"), max_length=200)
    deadline = models.DateTimeField(_("legal deadline"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    responsible = user_link(_("responsible"), related_name="electoral_milestones")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    evidence = models.FileField(_("evidence"), upload_to="electoral/milestones/%Y/%m/", blank=True)
    notes = models.TextField(_("notes"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # Reminders are claimed with a conditional UPDATE on these columns, so each is sent once.
    early_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    day_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"], name="milestone_status_deadline")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OVERDUE or (self.is_open and self.deadline < timezone.now())

    @property
    def shown_status(self) -> str:
        """The status pages show: an open milestone past its deadline is overdue even before
        the nightly job stores it as such."""
        return self.Status.OVERDUE if self.is_overdue else self.status

    @property
    def days_left(self) -> int:
        return (timezone.localdate(self.deadline) - timezone.localdate()).days


class MilestoneHistory(models.Model):
    """One status move of a milestone."""

    SCOPE_FIELD = "milestone__election__territory"
    SCOPE_INCLUDE_UNSET = True

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, choices=Milestone.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Milestone.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("milestone history")
        verbose_name_plural = _("milestone history")

    def __str__(self) -> str:
        return f"{self.milestone_id}: {self.from_status} → {self.to_status}"
