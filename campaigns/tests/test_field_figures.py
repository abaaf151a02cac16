"""The figures the where-to-work board reads per polling place, against a small known data set."""

from __future__ import annotations

import uuid

import pytest

from campaigns import services
from campaigns.models import SupportLevel, SupportTally
from campaigns.selectors import field_figures_by_polling_place
from campaigns.tests.factories import make_contact, make_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(bob, geo, medellin, turf, volunteer):
    p1, p2 = geo["places"]["05001-P1"], geo["places"]["05001-P2"]
    levels = [1, 2, 3, 4, 5, 0]
    people = [make_contact(medellin, p1, support_level=level) for level in levels]
    make_contact(medellin, p2, support_level=SupportLevel.STRONG_OPPONENT)
    # Anonymous: 3 supporters and 1 opponent at table 1 of P1, 2 undecided at P1 itself.
    SupportTally.objects.create(unit=geo["tables"]["05001-P1-M1"], territory=medellin, support_level=1, count=3)
    SupportTally.objects.create(unit=geo["tables"]["05001-P1-M1"], territory=medellin, support_level=5, count=1)
    SupportTally.objects.create(unit=p1, territory=medellin, support_level=3, count=2)
    wl = make_list(turf, people, volunteer)
    for person, result in ((people[0], "talked"), (people[0], "not_home"), (people[1], "refused")):
        services.attempt_record(
            actor=volunteer,
            walk_list=wl,
            contact_id=person.pk,
            client_uuid=uuid.uuid4(),
            result=result,
            support_level=1 if result == "talked" else None,
        )
    return field_figures_by_polling_place([p1.pk, p2.pk, geo["places"]["11001-P1"].pk]), p1, p2, geo


def test_supporters_count_contacts_and_tallies(figures):
    result, p1, _p2, _geo = figures
    assert result[p1.pk]["supporters"] == 2 + 3


def test_opponents_count_contacts_and_tallies(figures):
    result, p1, _p2, _geo = figures
    assert result[p1.pk]["opponents"] == 2 + 1


def test_undecided_count_contacts_and_tallies(figures):
    result, p1, _p2, _geo = figures
    assert result[p1.pk]["undecided"] == 1 + 2


def test_attempts_and_coverage(figures):
    result, p1, _p2, _geo = figures
    assert (result[p1.pk]["contacts"], result[p1.pk]["attempts"], result[p1.pk]["coverage"]) == (6, 3, round(2 / 6, 4))


def test_a_place_without_field_work_has_zeros(figures):
    result, _p1, _p2, geo = figures
    assert result[geo["places"]["11001-P1"].pk] == {
        "supporters": 0,
        "opponents": 0,
        "undecided": 0,
        "contacts": 0,
        "attempts": 0,
        "coverage": 0.0,
    }


def test_a_tally_increment_adds_one(bob, geo):
    table = geo["tables"]["05001-P1-M3"]
    services.tally_increment(actor=bob, unit=table, support_level=SupportLevel.SUPPORTER)
    services.tally_increment(actor=bob, unit=table, support_level=SupportLevel.SUPPORTER)
    assert (
        field_figures_by_polling_place([geo["places"]["05001-P1"].pk])[geo["places"]["05001-P1"].pk]["supporters"] == 2
    )


def test_a_tally_out_of_scope_is_refused(charlie, geo):
    from core.permissions import OutOfReach

    with pytest.raises(OutOfReach):
        services.tally_increment(actor=charlie, unit=geo["tables"]["05001-P1-M3"], support_level=1)
