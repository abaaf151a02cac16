"""Reads of party bodies, offices and training (always through `visible_to(user)`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from party_bodies.models import Office, OfficeTerm, PartyBody, TrainingAttendance, TrainingEvent

if TYPE_CHECKING:
    from core.models import Territory, User
    from militancia.models import Member

# Top to bottom rows of the organization chart.
CHART_ROWS = [
    [Office.Title.PRESIDENT],
    [Office.Title.VP_WOMEN, Office.Title.SECRETARY],
    [
        Office.Title.COMMUNITY,
        Office.Title.SOCIAL,
        Office.Title.TRAINING,
        Office.Title.ELECTORAL,
        Office.Title.RIGHTS,
        Office.Title.COMMUNICATIONS,
    ],
]


def body_list(*, user: User, territory: Territory | None = None) -> QuerySet[PartyBody]:
    bodies = PartyBody.objects.visible_to(user).select_related("territory", "territory__parent")
    if territory is not None:
        bodies = bodies.filter(territory__path__startswith=territory.path)
    return bodies.annotate(office_count=Count("offices")).order_by("territory__path", "kind")


def org_chart(*, user: User, body: PartyBody) -> dict:
    """Each office with its current holder, or flagged vacant / expired; plus the body's sub-bodies."""
    today = timezone.localdate()
    offices = list(
        Office.objects.visible_to(user)
        .filter(body=body)
        .prefetch_related(
            Prefetch("terms", queryset=OfficeTerm.objects.select_related("member").order_by("-starts_on"))
        )
    )
    cards = {}
    vacant = expired = 0
    for office in offices:
        terms = list(office.terms.all())
        current = next((t for t in terms if t.starts_on <= today <= t.ends_on), None)
        upcoming = next((t for t in terms if t.starts_on > today), None)
        last = next((t for t in terms if t.ends_on < today), None)
        if current is not None:
            state = "filled"
        elif last is not None:
            state = "expired"
            expired += 1
        else:
            state = "vacant"
            vacant += 1
        cards[office.title] = {
            "office": office,
            "current": current,
            "upcoming": upcoming,
            "last": last,
            "state": state,
            "history": terms,
            "expiring_soon": current is not None and (current.ends_on - today).days <= 30,
        }
    rows = [[cards[title] for title in row if title in cards] for row in CHART_ROWS]
    children = (
        PartyBody.objects.visible_to(user)
        .filter(territory__parent=body.territory)
        .select_related("territory")
        .order_by("territory__name")
    )
    return {"rows": rows, "vacant": vacant, "expired": expired, "children": children, "cards": cards}


def directory(*, user: User, territory: Territory | None = None) -> QuerySet[OfficeTerm]:
    """Current office holders in scope (for the directory page and its export)."""
    today = timezone.localdate()
    terms = OfficeTerm.objects.visible_to(user).filter(starts_on__lte=today, ends_on__gte=today)
    if territory is not None:
        terms = terms.filter(office__body__territory__path__startswith=territory.path)
    return terms.select_related("office__body__territory", "member").order_by(
        "office__body__territory__path", "office__body__kind", "office__order"
    )


def training_list(*, user: User) -> QuerySet[TrainingEvent]:
    return TrainingEvent.objects.visible_to(user).select_related("territory").annotate(attendees=Count("attendances"))


def member_panel(member: Member, user: User) -> dict:
    """The member page panel: offices held and training attended (two queries)."""
    terms = list(
        OfficeTerm.objects.visible_to(user)
        .filter(member=member)
        .select_related("office__body__territory")
        .order_by("-starts_on")
    )
    attendances = list(
        TrainingAttendance.objects.visible_to(user)
        .filter(member=member)
        .select_related("event")
        .order_by("-event__held_on")
    )
    from core.roles import Role

    return {
        "terms": terms,
        "attendances": attendances,
        "today": timezone.localdate(),
        "member_pk": member.pk,
        "can_report": user.has_role(Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR),
    }
