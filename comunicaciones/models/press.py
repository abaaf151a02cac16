"""Communications: the press agenda (interviews, conferences, appearances), numbered press
releases, media monitoring and the monthly press report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from comunicaciones.models.pieces import report_path
from comunicaciones.roles import TEAM_ROLES
from core.workflow import Transition, Workflow, toned


def press_path(instance, filename: str) -> str:
    now = timezone.now()
    return f"comunicaciones/comunicados/{now:%Y/%m}/{filename}"


class PressRelease(models.Model):
    """A press release (boletín de prensa): drafted, then published with the next number of the
    year. Numbers run per year with no gaps: they are taken from `PressBulletinCounter` inside the
    publishing transaction, so a publication that fails gives its number back."""

    @toned(DRAFT="secondary", PUBLISHED="success")
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("press release", "Draft")
        PUBLISHED = "published", pgettext_lazy("press release", "Published")

    title = models.CharField(_("title"), max_length=250)
    date = models.DateField(pgettext_lazy("comunicaciones", "date"))
    body = models.TextField(_("text"))
    topic = models.CharField(_("topic"), max_length=150, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveIntegerField(pgettext_lazy("press release", "number"), null=True, blank=True)
    published_at = models.DateTimeField(pgettext_lazy("press release", "published"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="pressrelease_number_per_year"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="pressrelease_published_at"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def code(self) -> str:
        """The bulletin's number as people quote it: 2026-007 (empty while a draft)."""
        return f"{self.year}-{self.number:03d}" if self.number else ""


class PressBulletinCounter(models.Model):
    """The last bulletin number given in a year (one row per year, locked while publishing)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bulletin counter")
        verbose_name_plural = _("bulletin counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


PRESS_RELEASE_WORKFLOW = Workflow(
    model=PressRelease,
    history=None,
    history_fk="release",
    subject=lambda release: _("The press release"),
    transitions=[
        Transition(
            "publish",
            (PressRelease.Status.DRAFT,),
            PressRelease.Status.PUBLISHED,
            TEAM_ROLES,
            _("Publish"),
            style="success",
        ),
    ],
)


class PressAppearance(models.Model):
    """An interview, press conference or media appearance of a party spokesperson, on the
    communications calendar beside the pieces."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        PRESS_CONFERENCE = "press_conference", _("Press conference")
        APPEARANCE = "appearance", _("Media appearance")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INTERVIEW)
    starts_at = models.DateTimeField(_("date and time"), db_index=True)
    medium = models.CharField(_("medium"), max_length=150)
    journalist = models.CharField(_("journalist"), max_length=150, blank=True)
    spokesperson = models.CharField(_("spokesperson"), max_length=150)
    topic = models.CharField(_("topic"), max_length=200)
    key_messages = models.TextField(_("key messages"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("press appearance")
        verbose_name_plural = _("press appearances")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.medium}"

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()


class PressReport(models.Model):
    """The monthly press report's PDF (appearances, releases, mentions by tone and outlet)."""

    month = models.DateField(pgettext_lazy("comunicaciones", "month"), unique=True)
    file = models.FileField(_("file"), upload_to=report_path, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    generated_at = models.DateTimeField(pgettext_lazy("comunicaciones", "generated"), null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("press report")
        verbose_name_plural = _("press reports")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{_('Press report')} {self.month:%Y-%m}"


class MediaMention(models.Model):
    """A mention of the party in the media (media monitoring)."""

    @toned(POSITIVE="success", NEUTRAL="secondary", NEGATIVE="danger")
    class Tone(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", _("Neutral")
        NEGATIVE = "negative", _("Negative")

    date = models.DateField(pgettext_lazy("comunicaciones", "date"), db_index=True)
    outlet = models.CharField(_("outlet"), max_length=150)
    headline = models.CharField(_("headline"), max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)
    tone = models.CharField(_("tone"), max_length=10, choices=Tone.choices, default=Tone.NEUTRAL)
    topic = models.CharField(_("topic"), max_length=150, blank=True)
    press_release = models.ForeignKey(
        PressRelease,
        verbose_name=_("press release"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentions",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("media mention")
        verbose_name_plural = _("media mentions")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.headline
