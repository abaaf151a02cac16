"""Checks the electoral services make: role and territorial reach of the acting user, refusals.

Not a services module (nothing here writes): positional arguments are fine."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.roles import Role


def ensure_role(actor, roles: tuple[Role, ...], action: str) -> None:
    """PermissionDenied (403) with a message naming what the role may not do."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.has_role(*roles):
        raise PermissionDenied(_("Your role does not allow you to %(action)s.") % {"action": action})


def ensure_reach(actor, territory, action: str = "") -> None:
    """The object must lie inside the actor's territorial scope (None = national: national users only)."""
    if actor is None or actor.is_national:
        return
    if territory is None or not actor.can_reach(territory):
        raise PermissionDenied(_("This is outside your territorial scope."))


def refuse(message: str, field: str | None = None):
    """Raise the domain error: one ValidationError with a clear message (optionally on a field)."""
    if field:
        raise ValidationError({field: [message]})
    raise ValidationError(message)
