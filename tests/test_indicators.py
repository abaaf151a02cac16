"""Carnets feeds the membership targets: cards delivered and drives held per month."""

from datetime import date

import pytest
from django.utils import timezone

from carnets.services.batches import card_mark_printed
from carnets.services.cards import card_deliver, card_issue
from carnets.tests.factories import CardDesignFactory, JornadaFactory, stocked_printer
from core.tests.factories import territory
from militancia.tests.factories import MemberFactory
from targets.models import IndicatorValue
from targets.services import indicators_compute

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


@pytest.mark.django_db
def test_requests_answered_on_time_reach_the_department_indicator(medellin, bob):
    from attention.services import attention_answer
    from attention.tests.factories import make_request

    period = timezone.localdate().replace(day=1)
    request = make_request(territory=medellin, actor=bob, received_on=timezone.localdate())
    attention_answer(request=request, actor=bob, text="Listo")
    indicators_compute(period=period)
    value = IndicatorValue.objects.get(territory=territory("05"), period=period, indicator="attention_on_time")
    assert value.value == 100


@pytest.mark.django_db
def test_members_trained_in_the_month_reach_the_department_indicator(medellin, bob):
    from party_bodies import services as bodies

    today = timezone.localdate()
    event = bodies.training_create(
        actor=bob,
        territory=medellin,
        kind="seminar",
        title="Taller",
        topic="Estatutos",
        held_on=today,
        place="Sede",
        trainer="Ana",
    )
    bodies.attendance_record(actor=bob, event=event, member=MemberFactory(territory=medellin))
    indicators_compute(period=today.replace(day=1))
    value = IndicatorValue.objects.get(
        territory=territory("05"), period=today.replace(day=1), indicator="trained_members"
    )
    assert value.value == 1
