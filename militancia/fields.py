"""Fields other apps declare to point at a member."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def optional_member(*, related_name: str) -> models.ForeignKey:
    """The registered member a record is about, when the person is one. A member with such
    records is never deleted (suppression erases the personal values instead)."""
    return models.ForeignKey(
        "militancia.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
    )
