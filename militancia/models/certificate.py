from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedManager


def new_certificate_code() -> str:
    # 128 random bits: the public verification page must not be guessable or enumerable.
    return secrets.token_urlsafe(16)


class MembershipCertificate(models.Model):
    """A membership certificate issued for a member, checked by anyone through its QR code.

    The public page only says whether the code is valid: the code is random, so it reveals
    nothing about the member and cannot be enumerated.
    """

    SCOPE_FIELD = "member__territory"
    VALID_DAYS = 90

    code = models.CharField(_("verification code"), max_length=40, unique=True, default=new_certificate_code)
    member = models.ForeignKey(
        "militancia.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="certificates"
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    valid_until = models.DateField(_("valid until"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("membership certificate")
        verbose_name_plural = _("membership certificates")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.issued_at:%Y-%m-%d}"

    def is_valid(self, today=None) -> bool:
        """Valid while unexpired and the member is still an active, unmerged, non-anonymized member."""
        today = today or timezone.localdate()
        member = self.member
        return (
            today <= self.valid_until
            and member.is_active
            and member.merged_into_id is None
            and member.anonymized_at is None
        )
