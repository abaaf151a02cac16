"""Reads of the solidarity secretariat, always through `visible_to(user)`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from solidarity.models import CaseAction, CaseHistory, Professional, SolidarityCase, mark_visible_to

if TYPE_CHECKING:
    from core.models import User


def case_list(
    *, user: User, status: str = "", kind: str = "", urgency: str = "", open_only: bool = False
) -> QuerySet[SolidarityCase]:
    cases = SolidarityCase.objects.visible_to(user).select_related("member", "territory", "professional")
    if status:
        cases = cases.filter(status=status)
    elif open_only:
        cases = cases.exclude(status=SolidarityCase.Status.CLOSED)
    if kind:
        cases = cases.filter(kind=kind)
    if urgency:
        cases = cases.filter(urgency=urgency)
    return cases.order_by("-opened_on", "-id")


def case_get(*, user: User, pk: int) -> SolidarityCase:
    """The case if the user may see it; DoesNotExist otherwise (the page answers 404)."""
    case = (
        SolidarityCase.objects.visible_to(user)
        .select_related("member", "territory__parent", "professional", "professional__territory__parent", "created_by")
        .get(pk=pk)
    )
    return mark_visible_to(case, user)


def case_timeline(*, case: SolidarityCase) -> tuple[list[CaseAction], list[CaseHistory]]:
    actions = list(case.actions.select_related("author").order_by("done_on", "id"))
    history = list(case.history.select_related("actor").order_by("at", "id"))
    return actions, history


def professional_list(*, user: User, specialty: str = "") -> QuerySet[Professional]:
    professionals = Professional.objects.visible_to(user).select_related("territory", "user")
    if specialty:
        professionals = professionals.filter(specialty=specialty)
    return professionals.order_by("-active", "name", "id")


def open_case_count(*, user: User) -> int:
    return SolidarityCase.objects.visible_to(user).exclude(status=SolidarityCase.Status.CLOSED).count()
