"""Model fields declared the same way in every app.

Each returns a plain Django field, so the migration state is exactly what the long form gave.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def user_link(verbose_name, *, related_name: str | None = "+", **options) -> models.ForeignKey:
    """Who did something (created, decided, uploaded…): optional, and kept as empty when the
    account is deleted, so the record outlives its author. No reverse accessor by default."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        **options,
    )


def optional_territory(help_text, *, related_name: str = "+") -> models.ForeignKey:
    """The territory a record belongs to, empty for a national one. A territory in use is never deleted."""
    return models.ForeignKey(
        "core.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
        help_text=help_text,
    )
