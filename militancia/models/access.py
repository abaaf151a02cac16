from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberAccess(models.Model):
    """One member shown by an audited read that showed many (a page of results, an export).

    The read itself is one `core.AuditEvent` (actor, IP, time, what was read); these rows say
    which members it showed, so a member's data report can list who saw their data and when
    (Ley 1581 de 2012, art. 8). Reads of one member (opening the record, a file, a certificate)
    are events about that member and need no row here. Ids only: nothing to erase on suppression.
    """

    event = models.ForeignKey(
        "core.AuditEvent", verbose_name=_("audit event"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "militancia.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="accesses"
    )

    class Meta:
        verbose_name = _("member access")
        verbose_name_plural = _("member accesses")

    def __str__(self) -> str:
        return f"{self.event_id}:{self.member_id}"
