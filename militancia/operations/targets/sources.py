"""Indicators contributed by apps built on militancia (cards delivered, registration drives held…).

militancia must not import carnets or electoral; they register a source in their AppConfig.ready():

    register_indicator_source(IndicatorSource(
        key="cards_delivered", label=_("Cards delivered"),
        compute=lambda start, end: {territory_id: count, ...}))

`compute(start, end)` returns counts per territory id (any level: they are rolled up to the
department) for the month [start, end]. The monthly computation stores them like the built-in ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorSource:
    key: str
    label: str
    compute: Callable
    percent: bool = False


_sources: dict[str, IndicatorSource] = {}


def register_indicator_source(source: IndicatorSource) -> None:
    _sources[source.key] = source


def indicator_sources() -> list[IndicatorSource]:
    return list(_sources.values())


def unregister_indicator_source(key: str) -> None:
    _sources.pop(key, None)
