"""Reads of field work, always scoped to the user (visible_to), plus the figures the electoral
where-to-work board asks for per polling place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import (
    OPPONENTS,
    SUPPORTERS,
    Attempt,
    Campaign,
    Contact,
    ListEntry,
    SupportLevel,
    SupportTally,
    Turf,
    WalkList,
)
from campaigns.roles import CANVASSERS
from core.permissions import ensure_role

if TYPE_CHECKING:
    from collections.abc import Iterable

    from core.models import User


def contacts_visible(*, user: User) -> QuerySet[Contact]:
    return Contact.objects.visible_to(user)


def campaigns_visible(*, user: User) -> QuerySet[Campaign]:
    return Campaign.objects.visible_to(user).select_related("territory", "election")


def turfs_visible(*, user: User, campaign: Campaign) -> QuerySet[Turf]:
    return Turf.objects.visible_to(user).filter(campaign=campaign).select_related("territory", "unit")


def turf_contacts(*, turf: Turf) -> QuerySet[Contact]:
    """The contacts a turf covers (its territory subtree, narrowed to a polling place/section)."""
    contacts = Contact.objects.filter(territory__path__startswith=turf.territory.path)
    if turf.unit_id:
        contacts = contacts.filter(polling_place__path__startswith=turf.unit.path)
    return contacts


def turf_progress(*, turfs: Iterable[Turf]) -> dict[int, dict]:
    """Per turf: contacts on lists, contacts reached (at least one attempt), talked, and the
    percentage of the target reached. Two grouped queries for all turfs."""
    turfs = list(turfs)
    ids = [t.pk for t in turfs]
    listed = dict(
        ListEntry.objects.filter(walk_list__turf_id__in=ids)
        .values_list("walk_list__turf_id")
        .annotate(n=Count("id"))
        .values_list("walk_list__turf_id", "n")
    )
    reached = {
        row["walk_list__turf_id"]: row
        for row in Attempt.objects.filter(walk_list__turf_id__in=ids)
        .values("walk_list__turf_id")
        .annotate(
            attempts=Count("id"),
            reached=Count("contact", distinct=True),
            talked=Count("contact", distinct=True, filter=Q(result=Attempt.Result.TALKED)),
        )
    }
    out = {}
    for turf in turfs:
        row = reached.get(turf.pk, {})
        talked = row.get("talked", 0)
        out[turf.pk] = {
            "listed": listed.get(turf.pk, 0),
            "attempts": row.get("attempts", 0),
            "reached": row.get("reached", 0),
            "talked": talked,
            "percent": min(100, round(100 * talked / turf.target_count)) if turf.target_count else 0,
        }
    return out


def volunteer_progress(*, user: User, campaign: Campaign) -> list[dict]:
    """Per volunteer of the campaign (within the user's scope): attempts, people talked to, lists held."""
    attempts = Attempt.objects.visible_to(user).filter(walk_list__turf__campaign=campaign)
    rows = (
        attempts.values("volunteer_id", "volunteer__first_name", "volunteer__last_name", "volunteer__username")
        .annotate(
            attempts=Count("id"),
            talked=Count("id", filter=Q(result=Attempt.Result.TALKED)),
            lists=Count("walk_list", distinct=True),
        )
        .order_by("-attempts")[:50]
    )
    return [
        {
            "name": f"{r['volunteer__first_name']} {r['volunteer__last_name']}".strip() or r["volunteer__username"],
            "attempts": r["attempts"],
            "talked": r["talked"],
            "lists": r["lists"],
        }
        for r in rows
    ]


def lists_of_volunteer(*, user: User) -> list[dict]:
    """The lists checked out to the user now, as rows: campaign, turf, number, due date, size and
    how many of its people were attempted (`size`, `attempted`, `percent`). One query: the counts
    are correlated subqueries on the list's own entries and attempts (indexed by list)."""
    size = (
        ListEntry.objects.filter(walk_list_id=OuterRef("pk"))
        .order_by()
        .values("walk_list_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    attempted = (
        Attempt.objects.filter(walk_list_id=OuterRef("pk"))
        .order_by()
        .values("walk_list_id")
        .annotate(n=Count("contact_id", distinct=True))
        .values("n")
    )
    rows = list(
        WalkList.objects.of_volunteer(user)
        .annotate(
            size=Coalesce(Subquery(size, output_field=IntegerField()), 0),
            attempted=Coalesce(Subquery(attempted, output_field=IntegerField()), 0),
        )
        .values(
            "pk", "number", "due_at", "size", "attempted", "turf__name", "turf__campaign__name", "turf__campaign__kind"
        )
        .order_by("due_at")
    )
    kinds = dict(Campaign.Kind.choices)
    for row in rows:
        row["percent"] = round(100 * row["attempted"] / row["size"]) if row["size"] else 0
        row["kind_label"] = kinds.get(row["turf__campaign__kind"], "")
    return rows


def walk_list_for_canvasser(*, user: User, pk: int) -> WalkList:
    """The list the phone page shows: only to the volunteer holding it (403 in Spanish otherwise);
    a list that does not exist is a 404."""
    from django.http import Http404

    ensure_role(user, CANVASSERS, _("open walk lists"))
    walk_list = WalkList.objects.select_related("turf__campaign").filter(pk=pk).first()
    if walk_list is None:
        raise Http404
    if walk_list.volunteer_id != user.pk:
        raise PermissionDenied(_("This list is not assigned to you."))
    if walk_list.completed_at is not None or walk_list.due_at is None or walk_list.due_at <= timezone.now():
        raise PermissionDenied(_("Your checkout of this list expired: ask your coordinator for it again."))
    return walk_list


def list_entries_for_phone(*, walk_list: WalkList) -> list[dict]:
    """The list's people in walking order with the last result recorded for each (one query)."""
    last = Attempt.objects.filter(walk_list=walk_list, contact=OuterRef("contact")).order_by("-recorded_at")
    rows = (
        ListEntry.objects.filter(walk_list=walk_list)
        .annotate(last_result=last.values("result")[:1])
        .values(
            "position",
            "contact_id",
            "contact__first_names",
            "contact__last_names",
            "contact__address",
            "contact__phone",
            "contact__support_level",
            "last_result",
        )
        .order_by("position")
    )
    labels = dict(Attempt.Result.choices)
    return [
        {
            "id": r["contact_id"],
            "position": r["position"],
            "name": f"{r['contact__first_names']} {r['contact__last_names']}".strip(),
            "address": r["contact__address"],
            "phone": r["contact__phone"],
            "support_level": r["contact__support_level"],
            "last_result": r["last_result"] or "",
            "last_label": str(labels.get(r["last_result"], "")),
        }
        for r in rows
    ]


def field_figures_by_polling_place(polling_place_ids: Iterable[int]) -> dict[int, dict]:
    """Per polling place: supporters and opponents identified (contacts plus anonymous tallies of the
    place and of its tables), undecided, contacts, attempts and coverage (share of the place's
    contacts reached at least once, 0–1).

    Not scoped: the caller (electoral's where-to-work board) passes the polling places it already
    scoped to its user, and these are counts, never a person. Four grouped queries.
    """
    from electoral.models import ElectoralUnit

    ids = list(polling_place_ids)
    figures = {
        pk: {"supporters": 0, "opponents": 0, "undecided": 0, "contacts": 0, "attempts": 0, "coverage": 0.0}
        for pk in ids
    }
    if not ids:
        return figures
    for row in (
        Contact.objects.filter(polling_place_id__in=ids)
        .values("polling_place_id")
        .annotate(
            contacts=Count("id"),
            supporters=Count("id", filter=Q(support_level__in=SUPPORTERS)),
            opponents=Count("id", filter=Q(support_level__in=OPPONENTS)),
            undecided=Count("id", filter=Q(support_level=SupportLevel.UNDECIDED)),
        )
    ):
        fig = figures[row["polling_place_id"]]
        for key in ("contacts", "supporters", "opponents", "undecided"):
            fig[key] += row[key]
    tables = dict(
        ElectoralUnit.objects.filter(parent_id__in=ids, kind__in=ElectoralUnit.TABLE_KINDS).values_list(
            "id", "parent_id"
        )
    )
    for unit_id, level, count in SupportTally.objects.filter(
        Q(unit_id__in=ids) | Q(unit_id__in=list(tables))
    ).values_list("unit_id", "support_level", "count"):
        fig = figures[tables.get(unit_id, unit_id)]
        if level in SUPPORTERS:
            fig["supporters"] += count
        elif level in OPPONENTS:
            fig["opponents"] += count
        elif level == SupportLevel.UNDECIDED:
            fig["undecided"] += count
    for row in (
        Attempt.objects.filter(contact__polling_place_id__in=ids)
        .values("contact__polling_place_id")
        .annotate(attempts=Count("id"), reached=Count("contact", distinct=True))
    ):
        fig = figures[row["contact__polling_place_id"]]
        fig["attempts"] = row["attempts"]
        fig["coverage"] = round(row["reached"] / fig["contacts"], 4) if fig["contacts"] else 0.0
    return figures
