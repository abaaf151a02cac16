"""Indicators contributed by apps built on militancia (cards delivered, requests answered on time…).

The targets app computes and stores them each month; the apps that own the data register a source
in their AppConfig.ready(), so neither militancia nor targets imports them:

    register_indicator_source(IndicatorSource(
        key="cards_delivered", label=_("Cards delivered"),
        compute=lambda start, end: {territory_id: count, ...}))

`compute(start, end)` returns counts per territory id (any level: they are rolled up to the
department) for the month [start, end]. A `ratio` source returns (part, whole) pairs instead: the
indicator is the percentage part/whole of the department (and of the country), not a sum of
percentages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorSource:
    key: str
    label: str
    compute: Callable
    ratio: bool = False


_sources: dict[str, IndicatorSource] = {}


def register_indicator_source(source: IndicatorSource) -> None:
    _sources[source.key] = source


def indicator_sources() -> list[IndicatorSource]:
    return list(_sources.values())


def unregister_indicator_source(key: str) -> None:
    _sources.pop(key, None)
