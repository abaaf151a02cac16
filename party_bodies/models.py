"""Party bodies per territorial unit, their offices and who holds them; training events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedManager


class PartyBody(models.Model):
    """A board or committee of the party in one territorial unit (national, departmental, municipal, communal)."""

    SCOPE_FIELD = "territory"

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National board")
        DEPARTMENTAL = "departmental", _("Departmental board")
        MUNICIPAL = "municipal", _("Municipal board")
        COMMUNAL = "communal", _("Communal committee")

    territory = models.ForeignKey("core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        db_table = "militancia_partybody"  # kept from before the app split
        verbose_name = _("party body")
        verbose_name_plural = _("party bodies")
        ordering = ["territory__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["territory", "kind"], name="party_body_once_per_territory")]

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """An office of a body (presidente, secretario, a secretariat…) with its functions."""

    SCOPE_FIELD = "body__territory"

    class Title(models.TextChoices):
        PRESIDENT = "presidente", _("President")
        VP_WOMEN = "vp_mujer", _("Vice-president for women's affairs")
        SECRETARY = "secretario", _("Secretary")
        COMMUNITY = "sec_comunal", _("Secretariat of community development")
        SOCIAL = "sec_social", _("Secretariat of social affairs")
        TRAINING = "sec_capacitacion", _("Secretariat of training and political education")
        ELECTORAL = "sec_electoral", _("Electoral secretariat")
        RIGHTS = "sec_ddhh", _("Secretariat of solidarity and human rights")
        COMMUNICATIONS = "sec_comunicaciones", _("Secretariat of communications")

    body = models.ForeignKey(PartyBody, on_delete=models.CASCADE, related_name="offices")
    title = models.CharField(_("office"), max_length=20, choices=Title.choices)
    functions = models.TextField(_("functions"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager()

    class Meta:
        db_table = "militancia_office"  # kept from before the app split
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["body", "order"]
        constraints = [models.UniqueConstraint(fields=["body", "title"], name="office_once_per_body")]

    def __str__(self) -> str:
        return f"{self.get_title_display()} · {self.body}"


class OfficeTerm(models.Model):
    """A member holding an office between two dates. Terms of one office never overlap."""

    SCOPE_FIELD = "office__body__territory"

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="terms")
    member = models.ForeignKey("militancia.Member", on_delete=models.PROTECT, related_name="office_terms")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        db_table = "militancia_officeterm"  # kept from before the app split
        verbose_name = _("term of office")
        verbose_name_plural = _("terms of office")
        ordering = ["office", "-starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="term_dates_ordered")
        ]
        indexes = [models.Index(fields=["member", "-starts_on"], name="term_member")]

    def __str__(self) -> str:
        return f"{self.office}: {self.member_id} {self.starts_on}–{self.ends_on}"


class TrainingEvent(models.Model):
    """A seminar, forum or school session (escuela de formación), with its attendance."""

    SCOPE_FIELD = "territory"

    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("Seminar")
        FORUM = "forum", _("Forum")
        SCHOOL = "school", _("Training school")

    territory = models.ForeignKey("core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=300)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    trainer = models.CharField(_("trainer"), max_length=200)
    hours = models.PositiveSmallIntegerField(_("hours"), default=4)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        db_table = "militancia_trainingevent"  # kept from before the app split
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"


class TrainingAttendance(models.Model):
    """A member who attended a training event."""

    SCOPE_FIELD = "event__territory"

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("militancia.Member", on_delete=models.PROTECT, related_name="training_attendances")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        db_table = "militancia_trainingattendance"  # kept from before the app split
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["event", "member__last_names"]
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="militancia_attendance_once")]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.member_id}"
