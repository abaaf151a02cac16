"""Indicators per territory and month, targets set by national administrators, monthly national reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scoping import NationalManager, ScopedManager


class Indicator(models.TextChoices):
    MEMBERS_TOTAL = "members_total", _("Members (total)")
    MEMBERS_NEW = "members_new", _("New members")
    MEMBERS_RESIGNED = "members_resigned", _("Resignations")
    CARDS_ISSUED = "cards_issued", _("Members with a card")
    DATA_COMPLETENESS = "data_completeness", _("Complete records (%)")
    ATTENTION_ON_TIME = "attention_on_time", _("Requests answered on time (%)")
    TRAINED_MEMBERS = "trained_members", _("Trained members")


# Indicators where a lower value is not "worse" are not shown as progress bars.
PERCENT_INDICATORS = {Indicator.DATA_COMPLETENESS, Indicator.ATTENTION_ON_TIME}


class IndicatorValue(models.Model):
    """The value of an indicator for a department (or the country) and a month, computed in the background."""

    SCOPE_FIELD = "territory"

    territory = models.ForeignKey("core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT)
    period = models.DateField(_("month"), help_text=_("First day of the month."))
    indicator = models.CharField(_("indicator"), max_length=20, choices=Indicator.choices)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        db_table = "militancia_indicatorvalue"  # kept from before the app split
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["period", "territory", "indicator"], name="indicator_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.territory_id} {self.indicator}={self.value}"


class Target(models.Model):
    """A goal for an indicator in a territory and month, set by a national administrator."""

    SCOPE_FIELD = "territory"

    territory = models.ForeignKey("core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT)
    period = models.DateField(_("month"))
    indicator = models.CharField(_("indicator"), max_length=20, choices=Indicator.choices)
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        db_table = "militancia_target"  # kept from before the app split
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["period", "territory", "indicator"], name="target_once")]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.territory_id} {self.indicator}≥{self.value}"


class NationalReport(models.Model):
    """The monthly national report (PDF), generated on demand or by the monthly schedule."""

    period = models.DateField(_("month"))
    file = models.FileField(_("file"), upload_to="reports/national/%Y/", blank=True)
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NationalManager()

    class Meta:
        db_table = "militancia_nationalreport"  # kept from before the app split
        verbose_name = _("national report")
        verbose_name_plural = _("national reports")
        ordering = ["-period", "-created_at"]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m}"
