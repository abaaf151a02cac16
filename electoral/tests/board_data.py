"""A small known data set for the where-to-work board (see test_board.py for the hand-computed figures)."""

from __future__ import annotations

from datetime import date

from electoral.models import Election, UnitSummary
from electoral.tests.factories import ElectionFactory
from militancia.models import Member
from militancia.tests.factories import MemberFactory

# place code → (registered, total, valid, own) in the last election, (valid, own) in the one before.
LAST = {"05001-P1": (300, 150, 140, 14), "05001-P2": (300, 200, 200, 60)}
PREVIOUS = {"05001-P1": (100, 20), "05001-P2": (100, 25)}
FIELD = {
    "05001-P1": {"supporters": 5, "opponents": 2, "undecided": 1, "contacts": 8, "attempts": 12, "coverage": 0.5},
    "05001-P2": {"supporters": 3, "opponents": 4, "undecided": 0, "contacts": 7, "attempts": 9, "coverage": 0.25},
    "11001-P1": {"supporters": 1, "opponents": 0, "undecided": 0, "contacts": 1, "attempts": 1, "coverage": 0.1},
}


def build_board_data(geo: dict, medellin, bogota) -> dict:
    """The target election, the two earlier ones with results per place, and members."""
    target = ElectionFactory(name="Concejo 2027", kind=Election.Kind.COUNCIL)
    last = ElectionFactory(name="Concejo 2023", kind=Election.Kind.COUNCIL, date=date(2023, 10, 29))
    previous = ElectionFactory(name="Concejo 2019", kind=Election.Kind.COUNCIL, date=date(2019, 10, 27))
    for code, (registered, total, valid, own) in LAST.items():
        UnitSummary.objects.create(
            election=last, unit=geo["places"][code], registered=registered, total=total, valid=valid, own_votes=own
        )
    for code, (valid, own) in PREVIOUS.items():
        UnitSummary.objects.create(election=previous, unit=geo["places"][code], valid=valid, own_votes=own)
    MemberFactory.create_batch(3, territory=medellin, status=Member.Status.ACTIVE)
    MemberFactory(territory=medellin, status=Member.Status.SUSPENDED)
    MemberFactory(territory=bogota, status=Member.Status.ACTIVE)
    return {"target": target, "last": last, "previous": previous}


def fake_provider(geo: dict):
    ids = {geo["places"][code].pk: figures for code, figures in FIELD.items()}

    def provider(place_ids: list[int]) -> dict:
        return {pk: ids[pk] for pk in place_ids if pk in ids}

    return provider
