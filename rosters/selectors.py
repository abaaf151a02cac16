"""Reads of the roster pipeline, always scoped to the user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from rosters.models import RosterConflict, RosterRow, RosterUpload

if TYPE_CHECKING:
    from core.models import User
    from militancia.models import RegistrationConflict

PAGE_ROWS = 50


def roster_uploads_for(user: User) -> QuerySet[RosterUpload]:
    return (
        RosterUpload.objects.visible_to(user)
        .select_related("territory", "uploaded_by", "validation_job", "import_job")
        .order_by("-created_at", "-id")
    )


def roster_rows(*, upload: RosterUpload, kind: str, after: int = 0, limit: int = PAGE_ROWS) -> list[RosterRow]:
    """A page of one preview tab, by line (keyset: the next page starts after the last line).

    The page's rows first, then their territories and members: joined in one statement, the
    planner (whose statistics do not know yet the 100,000 rows just copied in) joined every row
    of the upload before keeping 50.
    """
    from militancia.models import Member

    return list(
        RosterRow.objects.filter(upload=upload, kind=kind, line__gt=after)
        .prefetch_related("territory", Prefetch("member", queryset=Member.objects.select_related("territory")))
        .order_by("line")[:limit]
    )


def roster_conflicts_pending() -> QuerySet[RosterConflict]:
    return RosterConflict.objects.select_related(
        "upload", "member__territory", "proposed_territory", "upload__uploaded_by"
    ).filter(status=RosterConflict.Status.PENDING)


def registration_conflicts_pending(*, user: User) -> QuerySet[RegistrationConflict]:
    """Registrations typed outside the member's territory (militancia's national queue)."""
    from militancia.models import RegistrationConflict

    return (
        RegistrationConflict.objects.visible_to(user)
        .select_related("member__territory", "proposed_territory", "raised_by")
        .filter(status=RegistrationConflict.Status.PENDING)
        .order_by("created_at", "id")
    )
