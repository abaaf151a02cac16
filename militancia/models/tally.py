"""Precomputed member counts: what the reports and the home counters read at millions of members."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedManager


class MemberTally(models.Model):
    """Members per (territory, status, month joined), with how many have each field filled in.

    Rebuilt as a whole by `militancia.services.tallies.tallies_refresh` (a periodic task every few
    minutes and after each roster import): counting 10 million members takes seconds, reading
    these few thousand rows takes milliseconds. `joined_month` is the first day of the month for
    the last TALLY_MONTHS months and empty for older members. Merged records are not counted.
    """

    SCOPE_FIELD = "territory"

    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12)
    joined_month = models.DateField(_("month joined"), null=True, blank=True)
    members = models.PositiveIntegerField(_("members"))
    with_phone = models.PositiveIntegerField(default=0)
    with_email = models.PositiveIntegerField(default=0)
    with_birth_date = models.PositiveIntegerField(default=0)
    with_sex = models.PositiveIntegerField(default=0)
    with_address = models.PositiveIntegerField(default=0)
    with_consent_date = models.PositiveIntegerField(default=0)
    with_photo = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField(_("refreshed"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("member tally")
        verbose_name_plural = _("member tallies")
        indexes = [models.Index(fields=["territory", "status"], name="member_tally_territory")]

    def __str__(self) -> str:
        return f"{self.territory_id} {self.status} {self.joined_month}: {self.members}"
