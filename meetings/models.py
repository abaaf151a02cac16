"""Planning meetings of the secretariats, their attendees and files, and the commitments they decide."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import user_link
from core.scoping import ScopedManager, ScopedQuerySet
from core.workflow import StatusHistory, Transition, Workflow, toned


class Secretariat(models.TextChoices):
    """The party's secretariats and offices that convene meetings."""

    DIRECTORATE = "directorate", _("National directorate")
    MEMBERSHIP = "membership", _("Membership office")
    LEADERSHIP_SCHOOL = "leadership_school", _("School of leadership")
    YOUTH = "youth", _("Youth")
    SOCIAL_MEDIA = "social_media", _("Social media")
    ELECTIONS = "elections", _("Elections")
    PARLIAMENTARY = "parliamentary", _("Parliamentary group")
    ENDORSEMENTS = "endorsements", _("Endorsements")
    SOLIDARITY = "solidarity", _("Solidarity and human rights")
    SOCIAL_AFFAIRS = "social_affairs", _("Social affairs")
    COMMUNICATIONS = "communications", _("Communications")


class Meeting(models.Model):
    """A planning or follow-up meeting of a secretariat, held in a territory (its scope)."""

    SCOPE_FIELD = "territory"

    class Kind(models.TextChoices):
        PLANNING = "planning", _("Planning")
        STRATEGY = "strategy", _("Strategic structuring")
        FOLLOW_UP = "follow_up", _("Follow-up")
        DIRECTOR = "director", _("Meeting with the national director")
        COORDINATION = "coordination", _("Coordination")
        OTHER = "other", pgettext_lazy("meeting kind", "Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLANNING)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True, help_text=_("For a virtual meeting."))
    secretariat = models.CharField(_("convening secretariat"), max_length=30, choices=Secretariat.choices)
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    attendee_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attending staff"), blank=True, related_name="meetings_attended"
    )
    agenda = models.TextField(_("agenda"))
    minutes = models.TextField(pgettext_lazy("meeting", "minutes"), blank=True)
    created_by = user_link(_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["territory", "-starts_at"], name="meeting_territory_time")]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if not self.place.strip() and not self.link.strip():
            raise ValidationError({"place": [_("Write the place of the meeting or its link.")]})


class MeetingMember(models.Model):
    """A party member who attended a meeting (personal data: attendance is political activity)."""

    SCOPE_FIELD = "meeting__territory"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="member_attendances")
    member = models.ForeignKey(
        "militancia.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="meeting_attendances"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("attending member")
        verbose_name_plural = _("attending members")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="meetingmember_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.member_id}"


class MeetingAttachment(models.Model):
    """A file of a meeting (presentation, signed attendance list…), served through /archivos/."""

    SCOPE_FIELD = "meeting__territory"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="meetings/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = user_link(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class CommitmentQuerySet(ScopedQuerySet):
    def open(self) -> CommitmentQuerySet:
        return self.filter(status__in=Commitment.OPEN_STATUSES)

    def overdue(self, today) -> CommitmentQuerySet:
        """Open past their due date: also those the nightly task has not marked yet."""
        return self.filter(
            Q(status=Commitment.Status.OVERDUE)
            | Q(status__in=(Commitment.Status.PENDING, Commitment.Status.IN_PROGRESS), due_on__lt=today)
        )

    def visible_to(self, user):
        """The commitments of the user's territories, and everywhere the ones they are responsible for."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_national:
            return self
        from core.scoping import scope_condition

        return self.filter(scope_condition(self.model, user) | Q(responsible=user))


class Commitment(models.Model):
    """A decision of a meeting that someone must carry out by a date.

    `vencido` is stored: a nightly task (BEAT_COMMITMENTS_OVERDUE) moves open commitments past
    their due date through the workflow, so the history says when it fell overdue. Lists and the
    digest ask `overdue(today)`, which also counts the ones the task has not reached yet."""

    SCOPE_FIELD = "meeting__territory"

    @toned(PENDING="secondary", IN_PROGRESS="primary", DONE="success", OVERDUE="danger")
    class Status(models.TextChoices):
        PENDING = "pendiente", _("Pending")
        IN_PROGRESS = "en_curso", _("In progress")
        DONE = "cumplido", pgettext_lazy("commitment", "Done")
        OVERDUE = "vencido", pgettext_lazy("commitment", "Overdue")

    OPEN_STATUSES = (Status.PENDING, Status.IN_PROGRESS, Status.OVERDUE)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="commitments")
    description = models.TextField(_("commitment"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = user_link(_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["responsible", "status", "due_on"], name="commitment_mine"),
            models.Index(fields=["status", "due_on"], name="commitment_status_due"),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_late(self) -> bool:
        """Past its due date while the nightly task has not marked it overdue yet (the badge says so)."""
        late_statuses = (self.Status.PENDING, self.Status.IN_PROGRESS)
        return self.status in late_statuses and self.due_on < timezone.localdate()


class CommitmentHistory(StatusHistory):
    """One move of a commitment's status."""

    SCOPE_FIELD = "commitment__meeting__territory"
    Status = Commitment.Status

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="history")

    objects = ScopedManager()

    class Meta(StatusHistory.Meta):
        verbose_name = _("commitment history entry")
        verbose_name_plural = _("commitment history")


def _commitment_guard(commitment: Commitment, transition, actor) -> str | None:
    """The responsible person moves their own commitment; the organizers of the meeting's territory
    move any of them, and only they reopen one."""
    from meetings.roles import ORGANIZERS

    if actor is None:
        return None
    organizer = actor.has_role(*ORGANIZERS) and actor.can_reach(commitment.meeting.territory)
    if organizer:
        return None
    if transition.name != "reopen" and commitment.responsible_id == actor.pk:
        return None
    return _("Only the responsible person or the meeting's organizers can do this.")


_S = Commitment.Status
COMMITMENT_WORKFLOW = Workflow(
    model=Commitment,
    history=CommitmentHistory,
    history_fk="commitment",
    guard=_commitment_guard,
    subject=lambda commitment: _("The commitment"),
    lock_related=("meeting__territory",),
    transitions=[
        Transition("start", (_S.PENDING,), _S.IN_PROGRESS, (), _("Start")),
        Transition("complete", (_S.PENDING, _S.IN_PROGRESS, _S.OVERDUE), _S.DONE, (), _("Mark done"), style="success"),
        Transition("expire", (_S.PENDING, _S.IN_PROGRESS), _S.OVERDUE, (), system=True, manual=False),
        Transition("reopen", (_S.DONE,), _S.IN_PROGRESS, (), _("Reopen"), style="outline-secondary"),
    ],
)
