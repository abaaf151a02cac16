"""Registrations that named a member of another territory: the national conflict queue."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import user_link
from core.scoping import NationalManager
from core.workflow import toned
from militancia.models.member import Member


class RegistrationConflict(models.Model):
    """Someone tried to register (form, API, drive) a document that is a member's outside their scope.

    The person who typed it is told only that it needs national review: whether the number is a
    member, their name and territory stay hidden from them. A national administrator keeps the
    member where they are or moves them to the territory that was typed. Roster lines have their
    own queue (`rosters.RosterConflict`), shown on the same page.
    """

    @toned(PENDING="warning", KEPT="secondary", MOVED="primary")
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        KEPT = "kept", _("Member kept in their territory")
        MOVED = "moved", _("Member moved to the typed territory")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    proposed_territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory typed"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=10, choices=Member.Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=50, blank=True)
    data = models.JSONField(_("values typed"), default=dict, blank=True)
    raised_by = user_link(_("raised by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    resolved_by = user_link(_("resolved by"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    # Only the national office sees the queue: listing it in a territory would be the oracle again.
    objects = NationalManager()

    class Meta:
        verbose_name = _("registration conflict")
        verbose_name_plural = _("registration conflicts")
        ordering = ["status", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="registration_conflict_status")]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_ref} → {self.member_id}"
