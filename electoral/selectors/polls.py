"""Opinion polls of an election and their average over time (scoped to the user)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from core.models import User
from electoral.models import Election, Poll, PollResult
from electoral.poll_average import HALF_LIFE_DAYS, AveragePoint, PollPoint, poll_average


def polls_for(user: User, election: Election) -> QuerySet[Poll]:
    """The user's polls of the election, newest field work first, with their results (2 queries)."""
    return (
        Poll.objects.visible_to(user)
        .filter(election=election)
        .select_related("territory")
        .prefetch_related(Prefetch("results", queryset=PollResult.objects.select_related("option")))
        .order_by("-field_end", "pollster")
    )


def result_key(result: PollResult) -> str:
    """Which series a result belongs to: its ballot option's name, else the label as published."""
    return result.option.name if result.option_id else result.label.strip()


def average_for(polls: list[Poll], *, half_life: float = HALF_LIFE_DAYS) -> tuple[list[AveragePoint], list[str]]:
    """The average series over `polls` and the option names, leading option first (undecided last)."""
    points = []
    undecided: set[str] = set()
    for poll in polls:
        values = {}
        for result in poll.results.all():
            key = result_key(result)
            values[key] = float(result.percent)
            if result.is_undecided:
                undecided.add(key)
        points.append(
            PollPoint(day=poll.field_end, sample=poll.sample_size, margin=float(poll.margin_of_error), results=values)
        )
    series = poll_average(points, half_life=half_life)
    last = series[-1].values if series else {}
    labels = sorted(last, key=lambda k: (k in undecided, -last[k][0], k))
    return series, labels


def undecided_labels(polls: list[Poll]) -> set[str]:
    return {result_key(r) for poll in polls for r in poll.results.all() if r.is_undecided}
