"""The field-work figures of each polling place, reported by whichever app does the field work.

electoral never imports the app that canvasses (`campaigns` builds on electoral): that app
registers a provider in its `ready()`,

    from electoral.field_figures import register_field_figures
    register_field_figures(field_figures_by_polling_place)

and the where-to-work board asks `field_figures(place_ids)` when it is rebuilt. Without a
provider every place reports zeros.

A provider takes a list of polling-place ids (`ElectoralUnit` pks) and returns
{place id: {"supporters", "opponents", "undecided", "contacts", "attempts", "coverage"}} for the
places it knows (missing places count as zeros). The counts are whole numbers (people identified
as supporters — levels 1-2 —, opponents — levels 4-5 —, undecided or unknown, contacts and
canvassing attempts); `coverage` is the share (0 to 1) of the place's canvassing target reached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

FIELDS = ("supporters", "opponents", "undecided", "contacts", "attempts", "coverage")

FieldFigures = dict[int, dict[str, float]]
Provider = Callable[[list[int]], FieldFigures]

_providers: list[Provider] = []


def register_field_figures(provider: Provider) -> None:
    """Add a provider (idempotent: registering the same function twice keeps one)."""
    if provider not in _providers:
        _providers.append(provider)


def unregister_field_figures(provider: Provider) -> None:
    """Remove a provider (tests that register a fake one)."""
    if provider in _providers:
        _providers.remove(provider)


def zeros() -> dict[str, float]:
    return {name: 0.0 if name == "coverage" else 0 for name in FIELDS}


def field_figures(polling_place_ids: Iterable[int]) -> FieldFigures:
    """Every requested place's figures: the providers' sums (coverage: the highest), zeros otherwise."""
    ids = list(dict.fromkeys(int(pk) for pk in polling_place_ids))
    figures = {pk: zeros() for pk in ids}
    if not ids:
        return figures
    for provider in list(_providers):
        for pk, values in (provider(ids) or {}).items():
            row = figures.get(int(pk))
            if row is None:
                continue
            for name in FIELDS:
                value = values.get(name) or 0
                if name == "coverage":
                    row[name] = max(row[name], min(1.0, max(0.0, float(value))))
                else:
                    row[name] += int(value)
    return figures
