"""Authorization inside services: the acting user's role and territorial reach, checked where the write is.

Every service a person can reach (page, API, admin action) takes `actor` and starts with
`ensure_role(actor, ROLES, action)` and, for an object or a territory, `ensure_reach(actor, …)`.
Views keep their own checks to choose the page; the service's check is the one nobody can forget.

Work nobody in particular started (a beat schedule, the body of a job the service already
authorized when it was enqueued, the public form) never passes a fake user: it calls a function
that takes no actor, named in `SYSTEM_SERVICES` below, and only tasks.py (or the public view)
calls it. `ensure_role(None, …)` is always refused.

Not a services module (nothing here writes): positional arguments are fine.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from core.roles import Role

# Entry points that run with no person behind them (see CONTRIBUTING.md, "Authorization").
# They authorize nothing themselves: either the person was checked when the job was created,
# or the work is the system's own. A test keeps every name here importable and actor-free.
SYSTEM_SERVICES = (
    "attention.services.attention_answer_send",
    "attention.services.attention_send_reminders",
    "carnets.services.batches.batch_render",
    "carnets.services.batches.batch_render_failed",
    "carnets.services.batches.batch_render_run",
    "carnets.services.kit.drive_package_build_run",
    "carnets.services.kit.drive_package_failed",
    "carnets.services.kit.drive_packages_purge_expired",
    "carnets.services.kit.kit_load",
    "carnets.services.kit_sync.kit_sync_push",
    "carnets.services.kit_wipe.kit_wipe",
    "carnets.services.stock.stock_reminders_send",
    "electoral.services.board.board_refresh_run",
    "electoral.services.board.boards_refresh_all",
    "meetings.services.commitments_digest_send",
    "meetings.services.commitments_mark_overdue",
    "militancia.services.duplicates.duplicates_detect",
    "militancia.services.duplicates.duplicates_detect_run",
)


def ensure_role(actor, roles: Iterable[Role], action: str) -> None:
    """PermissionDenied (403) with a message naming what the role may not do. No actor: refused."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", True):
        raise PermissionDenied(_("Your role does not allow you to %(action)s.") % {"action": action})
    if not actor.has_role(*roles):
        raise PermissionDenied(_("Your role does not allow you to %(action)s.") % {"action": action})


class OutOfReach(Http404, PermissionDenied):
    """Outside the actor's territorial scope. A 404 to the world (Django and DRF answer Http404
    first), so an object out of scope looks like it does not exist; a PermissionDenied to code
    that catches refusals (`service_error` shows its text, where the object was already found)."""


def _territory_of(target):
    """A territory, or the territory an object is scoped by (its model's SCOPE_FIELD)."""
    from core.models import Territory

    if target is None or isinstance(target, Territory):
        return target
    field = getattr(type(target), "SCOPE_FIELD", None)
    if field is None:
        raise TypeError(f"{type(target).__name__} has no SCOPE_FIELD: pass its territory")
    value = target
    for part in field.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def ensure_reach(actor, target, action: str = "") -> None:
    """The territory (or scoped object) must lie inside the actor's scope.

    Outside it the object must look like it does not exist, as on the pages and the API:
    `OutOfReach`, which Django and DRF answer with 404. A national user reaches everything; a
    territorial user never reaches an object without a territory (unless its model says rows
    without one are visible to all, `SCOPE_INCLUDE_UNSET`).
    """
    refusal = OutOfReach(_("This is outside your territorial scope."))
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise refusal
    if actor.is_national:
        return
    territory = _territory_of(target)
    if territory is None and getattr(type(target), "SCOPE_INCLUDE_UNSET", False):
        return
    if territory is None or not actor.can_reach(territory):
        raise refusal


def ensure_national(actor, action: str) -> None:
    """Only users with national scope (no territories) may do this: what only the national office
    runs (`core.scoping.NationalQuerySet`) does not exist for anyone else, so OutOfReach (404)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_national:
        raise OutOfReach(_("Only the national office may %(action)s.") % {"action": action})


def refuse(message: str, field: str | None = None):
    """Raise the domain error: one ValidationError with a clear message (optionally on a field)."""
    if field:
        raise ValidationError({field: [message]})
    raise ValidationError(message)
