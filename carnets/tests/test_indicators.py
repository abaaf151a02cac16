"""Carnets feeds the membership targets: cards delivered and drives held per month."""

from datetime import date

import pytest
from django.utils import timezone

from carnets.services.batches import card_mark_printed
from carnets.services.cards import card_deliver, card_issue
from carnets.tests.factories import CardDesignFactory, JornadaFactory, MemberFactory, stocked_printer
from core.tests.factories import territory
from militancia.models.targets import IndicatorValue
from militancia.operations.targets.services import indicators_compute

pytestmark = pytest.mark.django_db


def test_cards_delivered_and_drives_held_reach_the_department_indicators(alice):
    today = timezone.localdate()
    CardDesignFactory()
    printer = stocked_printer()
    for _ in range(2):
        card = card_issue(member=MemberFactory(), actor=alice)
        card_mark_printed(card=card, printer=printer, actor=alice)
        card_deliver(card=card, actor=alice, delivered_to="El titular", place="Sede")
    JornadaFactory(territory=territory("05001"))
    JornadaFactory(territory=territory("25754"), starts_on=date(2020, 1, 10), ends_on=date(2020, 1, 11))

    indicators_compute(period=today)

    antioquia = {
        row.indicator: row.value
        for row in IndicatorValue.objects.filter(territory=territory("05"), period=today.replace(day=1))
    }
    assert antioquia["cards_delivered"] == 2
    assert antioquia["drives_held"] == 1
    cundinamarca = IndicatorValue.objects.filter(territory=territory("25"), indicator="drives_held")
    assert not cundinamarca.filter(period=today.replace(day=1)).exists()
