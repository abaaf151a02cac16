from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedManager


class PlaceBoard(models.Model):
    """The where-to-work board of one polling place for one election, precomputed.

    Rebuilt set-based by `electoral.services.board.board_refresh` (a beat task every few minutes,
    and on demand from the board): registered voters, the party's results in the last election
    with results and in the one before it, active members of its territory, the supporters,
    opponents and canvassing figures the field-work registry (`electoral.field_figures`)
    reports, and the potential. A department's board then reads a few hundred of these rows
    instead of aggregating tables, members and contacts on every request.
    """

    SCOPE_FIELD = "territory"
    SCOPE_INCLUDE_UNSET = True

    election = models.ForeignKey("electoral.Election", on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey("electoral.ElectoralUnit", on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(
        "electoral.ElectoralUnit", null=True, on_delete=models.SET_NULL, related_name="+"
    )  # the unit right above the place (zone, section, municipality)
    territory = models.ForeignKey("core.Territory", null=True, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey("core.Territory", null=True, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("core.Territory", null=True, on_delete=models.PROTECT, related_name="+")
    registered = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)  # votes cast in the last election with results
    valid = models.PositiveIntegerField(default=0)
    own_votes = models.PositiveIntegerField(default=0)
    previous_valid = models.PositiveIntegerField(null=True)
    previous_own = models.PositiveIntegerField(null=True)
    turnout = models.FloatField(default=0)
    own_share = models.FloatField(default=0)
    previous_share = models.FloatField(null=True)
    target_share = models.FloatField(default=0)
    potential = models.PositiveIntegerField(default=0)
    # Members: per territory. `members` only when the place is alone in its territory; the
    # municipality's figure is repeated on each of its places for the aggregated views.
    members = models.PositiveIntegerField(null=True)
    municipality_members = models.PositiveIntegerField(default=0)
    supporters = models.PositiveIntegerField(default=0)
    opponents = models.PositiveIntegerField(default=0)
    undecided = models.PositiveIntegerField(default=0)
    contacts = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    coverage = models.FloatField(default=0)
    refreshed_at = models.DateTimeField()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("where-to-work row")
        verbose_name_plural = _("where-to-work rows")
        constraints = [models.UniqueConstraint(fields=["election", "place"], name="place_board_once")]
        indexes = [
            models.Index(fields=["election", "department", "potential"], name="place_board_department"),
            models.Index(fields=["election", "municipality"], name="place_board_municipality"),
        ]

    def __str__(self) -> str:
        return f"{self.place_id}: {self.potential}"


class BoardRefresh(models.Model):
    """When the board of one election was last rebuilt, and from which elections' results."""

    election = models.OneToOneField("electoral.Election", on_delete=models.CASCADE, related_name="+")
    results_election = models.ForeignKey("electoral.Election", null=True, on_delete=models.SET_NULL, related_name="+")
    previous_election = models.ForeignKey("electoral.Election", null=True, on_delete=models.SET_NULL, related_name="+")
    places = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("where-to-work refresh")
        verbose_name_plural = _("where-to-work refreshes")

    def __str__(self) -> str:
        return f"{self.election_id}: {self.refreshed_at:%Y-%m-%d %H:%M}"
