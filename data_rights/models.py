"""Data-subject rights: suppression requests (the data report is built from the personal-data registry)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedManager
from core.workflow import toned


class SuppressionRequest(models.Model):
    """A resigned member's request to have their personal data suppressed (Ley 1581 art. 15).

    Asked for by one national administrator and confirmed by a different one; the confirmation
    anonymizes the member irreversibly, keeping only what the party must keep (that a membership
    existed, its territory, dates and status history).
    """

    SCOPE_FIELD = "member__territory"

    @toned(PENDING="warning", DONE="dark", CANCELLED="secondary")
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a second administrator")
        DONE = "done", _("Anonymized")
        CANCELLED = "cancelled", _("Cancelled")

    member = models.ForeignKey("militancia.Member", on_delete=models.PROTECT, related_name="suppression_requests")
    attention_request = models.ForeignKey(
        "attention.AttentionRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        db_table = "militancia_suppressionrequest"  # kept from before the app split
        verbose_name = _("suppression request")
        verbose_name_plural = _("suppression requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(status="pending"), name="one_pending_suppression_per_member"
            ),
            models.CheckConstraint(
                condition=~models.Q(confirmed_by=models.F("requested_by")), name="suppression_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
