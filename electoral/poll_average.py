"""The poll average of an election over time: plain data in, plain data out (no database).

Method (shown on the polls page):
- each poll counts from the last day of its field work;
- on each day a poll ended, every poll that ended on or before it is averaged, weighted by
  weight = √n × 0.5^(age in days / half-life), n the sample size and the half-life
  `HALF_LIFE_DAYS` (14 days): a poll of 1,600 people counts twice one of 400, and a poll
  counts half as much two weeks later, a quarter after four;
- an option is averaged over the polls that report it;
- the band is the average ± the margin of error of the same polls, averaged with the same
  weights (what the pollsters declared, not a new statistic).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

HALF_LIFE_DAYS = 14


@dataclass(frozen=True)
class PollPoint:
    day: date
    sample: int
    margin: float
    results: dict[str, float] = field(default_factory=dict)


def weight(sample: int, age_days: int, half_life: float = HALF_LIFE_DAYS) -> float:
    return math.sqrt(sample) * 0.5 ** (age_days / half_life)


@dataclass
class AveragePoint:
    day: date
    values: dict[str, tuple[float, float, float]]  # label → (average, low, high), in %
    polls: int


def poll_average(points: list[PollPoint], *, half_life: float = HALF_LIFE_DAYS) -> list[AveragePoint]:
    """The average on each day a poll ended (see the module's docstring)."""
    ordered = sorted(points, key=lambda p: p.day)
    days = sorted({p.day for p in ordered})
    series: list[AveragePoint] = []
    for day in days:
        used = [p for p in ordered if p.day <= day]
        sums: dict[str, list[float]] = {}
        for poll in used:
            w = weight(poll.sample, (day - poll.day).days, half_life)
            for label, value in poll.results.items():
                acc = sums.setdefault(label, [0.0, 0.0, 0.0])
                acc[0] += w
                acc[1] += w * value
                acc[2] += w * poll.margin
        values = {}
        for label, (total_w, total_v, total_m) in sums.items():
            average, margin = total_v / total_w, total_m / total_w
            values[label] = (round(average, 2), round(max(0.0, average - margin), 2), round(average + margin, 2))
        series.append(AveragePoint(day=day, values=values, polls=len(used)))
    return series
