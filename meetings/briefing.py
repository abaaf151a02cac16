"""The figures of a meeting's briefing: the current membership of its territory, from what the
product already knows. Member counts come from militancia; the month's activity of the other apps
(cards delivered, drives held, requests answered on time…) from the indicator sources they register
in `militancia.indicators`, so this app imports none of them."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q

from core.dates import month_start
from core.models import Territory
from militancia.indicators import indicator_sources
from militancia.models import Member


def briefing_figures(*, territory: Territory, today: date) -> dict:
    """JSON-ready figures for `territory` (its whole subtree) as of `today`.

    `members`: active members; `new_this_month`: joined since the 1st (any status today);
    `with_card`: active members holding a card; `month`: each registered indicator source over the
    month so far, summed over the subtree (a ratio source as part/whole and its percentage)."""
    start = month_start(today)
    subtree = set(Territory.objects.subtree([territory]).values_list("pk", flat=True))
    active = Q(status=Member.Status.ACTIVE)
    members = Member.objects.all()
    if territory.kind != Territory.Kind.COUNTRY:  # the whole country needs no territory filter
        members = members.filter(territory_id__in=Territory.objects.subtree([territory]).values("pk"))
    counts = members.aggregate(
        members=Count("pk", filter=active),
        new_this_month=Count("pk", filter=Q(joined_on__gte=start, joined_on__lte=today)),
        with_card=Count("pk", filter=active & Q(has_card=True)),
    )
    month = []
    for source in indicator_sources():
        figures = source.compute(start, today) or {}
        if source.ratio:
            part = sum(value[0] for key, value in figures.items() if key in subtree)
            whole = sum(value[1] for key, value in figures.items() if key in subtree)
            percent = round(100.0 * part / whole, 1) if whole else None
            month.append(
                {
                    "key": source.key,
                    "label": str(source.label),
                    "ratio": True,
                    "part": part,
                    "whole": whole,
                    "value": percent,
                }
            )
        else:
            value = sum(int(value) for key, value in figures.items() if key in subtree)
            month.append({"key": source.key, "label": str(source.label), "ratio": False, "value": value})
    return {
        "territory": territory.label,
        "as_of": today.isoformat(),
        "month_start": start.isoformat(),
        **counts,
        "month": month,
    }
