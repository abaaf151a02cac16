from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import optional_territory, user_link
from core.scoping import ScopedManager


class Poll(models.Model):
    """A published opinion poll about one election: who made it, when, how, and what it found.

    The poll average (`electoral.polls.poll_average`) weighs each poll by its sample size and
    its age; its results (`PollResult`) are percentages per ballot option, "no sabe / no
    responde" included.
    """

    SCOPE_FIELD = "territory"
    SCOPE_INCLUDE_UNSET = True  # a national poll is seen by every electoral user

    class Method(models.TextChoices):
        TELEPHONE = "telephone", _("Telephone")
        FACE_TO_FACE = "face_to_face", _("Face to face")
        ONLINE = "online", _("Online")
        MIXED = "mixed", _("Mixed")

    election = models.ForeignKey(
        "electoral.Election", verbose_name=_("election"), on_delete=models.CASCADE, related_name="polls"
    )
    pollster = models.CharField(_("pollster"), max_length=150)
    field_start = models.DateField(_("field work start"))
    field_end = models.DateField(_("field work end"))
    published_on = models.DateField(_("publication date"))
    sample_size = models.PositiveIntegerField(_("sample size"))
    method = models.CharField(_("method"), max_length=14, choices=Method.choices)
    margin_of_error = models.DecimalField(
        _("margin of error (points)"), max_digits=4, decimal_places=2, help_text=_("In percentage points, e.g. 2.8.")
    )
    population = models.CharField(
        _("population"), max_length=200, help_text=_("Who was asked, e.g. adults with a voter ID in Medellín.")
    )
    territory = optional_territory(_("Leave empty for a national poll."))
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    created_by = user_link(_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("opinion poll")
        verbose_name_plural = _("opinion polls")
        ordering = ["-field_end", "pollster"]
        constraints = [
            models.CheckConstraint(condition=Q(sample_size__gt=0), name="poll_sample_positive"),
            models.CheckConstraint(condition=Q(field_start__lte=F("field_end")), name="poll_field_dates"),
            models.CheckConstraint(
                condition=Q(margin_of_error__gte=0) & Q(margin_of_error__lte=50), name="poll_margin_range"
            ),
            models.UniqueConstraint(
                fields=["election", "pollster", "field_start", "field_end"], name="poll_once_per_fieldwork"
            ),
        ]
        indexes = [models.Index(fields=["election", "field_end"], name="poll_election_end")]

    def __str__(self) -> str:
        return f"{self.pollster} ({self.field_end:%d/%m/%Y})"


class PollResult(models.Model):
    """One line of a poll: the share (in %) of one option, or of "no sabe / no responde"."""

    SCOPE_FIELD = "poll__territory"
    SCOPE_INCLUDE_UNSET = True

    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="results")
    label = models.CharField(_("option"), max_length=200, help_text=_("Candidate, party or list, as published."))
    option = models.ForeignKey(
        "electoral.BallotOption",
        verbose_name=_("ballot option"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_undecided = models.BooleanField(_("don't know / no answer"), default=False)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("poll result")
        verbose_name_plural = _("poll results")
        ordering = ["poll", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "label"], name="poll_result_label_once"),
            models.CheckConstraint(condition=Q(percent__gte=0) & Q(percent__lte=100), name="poll_result_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.percent} %"
