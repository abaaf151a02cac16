"""Registrations that named a member of another territory: the national conflict queue."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import user_link
from core.scoping import NationalManager
from core.workflow import toned
from militancia.models.member import Member


class MembershipConflict(models.Model):
    """What every conflict queue shares: a registration (form, API, drive or roster line) named a
    member outside the registering user's scope, and a national administrator decides.

    The decision keeps the member where they are or moves them to the proposed territory; it is
    written once (`record_decision`), by the queue's service, which checks role and scope, moves
    the member and audits. A queue may word its labels for its own page (the roster conflict's
    territory is "the roster's") by redeclaring those fields with the same columns.
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
    data = models.JSONField(_("values typed"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    resolved_by = user_link(_("resolved by"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        abstract = True
        ordering = ["status", "-created_at", "-id"]

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def record_decision(self, *, decision: str, actor, note: str = "") -> None:
        """Save the decision on the (locked) row: who, when, and a one-line note."""
        self.status = decision
        self.resolved_by = actor
        self.resolved_at = timezone.now()
        self.note = " ".join((note or "").split())[:500]
        self.save(update_fields=["status", "resolved_by", "resolved_at", "note"])


class RegistrationConflict(MembershipConflict):
    """Someone tried to register (form, API, drive) a document that is a member's outside their scope.

    The person who typed it is told only that it needs national review: whether the number is a
    member, their name and territory stay hidden from them. A national administrator keeps the
    member where they are or moves them to the territory that was typed. Roster lines have their
    own queue (`rosters.RosterConflict`, the same shape), shown on the same page.
    """

    source = models.CharField(_("source"), max_length=10, choices=Member.Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=50, blank=True)
    raised_by = user_link(_("raised by"))

    # Only the national office sees the queue: listing it in a territory would be the oracle again.
    objects = NationalManager()

    class Meta(MembershipConflict.Meta):
        verbose_name = _("registration conflict")
        verbose_name_plural = _("registration conflicts")
        indexes = [models.Index(fields=["status", "created_at"], name="registration_conflict_status")]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_ref} → {self.member_id}"
