"""The briefing of a meeting: the membership figures of its territory, computed from what the other
apps record (members, cards delivered, drives, requests answered on time) and printed on one page.

The data set is known: Medellín (Antioquia) gets the members, cards, drives and requests counted;
Bogotá and a drive of Cundinamarca are noise that must stay out of an Antioquia briefing."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from carnets.services.batches import card_mark_printed
from carnets.services.cards import card_deliver, card_issue
from carnets.tests.factories import CardDesignFactory, JornadaFactory, stocked_printer
from core.tests.factories import login, territory
from meetings.briefing import briefing_figures
from meetings.tests.factories import make_meeting
from militancia.models import Member
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_data(alice, bob, medellin, bogota):
    from attention.services import attention_answer
    from attention.tests.factories import make_request

    today = timezone.localdate()
    long_ago = date(2020, 1, 15)
    # Medellín: 3 new this month (one of them holds a card already), 1 older member with a card,
    # 1 who resigned (joined long ago), 2 new ones who get their card delivered now.
    MemberFactory.create_batch(2, territory=medellin, joined_on=today)
    MemberFactory(territory=medellin, joined_on=today, has_card=True)
    MemberFactory(territory=medellin, joined_on=long_ago, has_card=True)
    MemberFactory(territory=medellin, joined_on=long_ago, status=Member.Status.RESIGNED)
    CardDesignFactory()
    printer = stocked_printer()
    for member in MemberFactory.create_batch(2, territory=medellin, joined_on=today):
        card = card_issue(member=member, actor=alice)
        card_mark_printed(card=card, printer=printer, actor=alice)
        card_deliver(card=card, actor=alice, delivered_to="El titular", place="Sede")
    # Bogotá: noise.
    MemberFactory.create_batch(3, territory=bogota, joined_on=today, has_card=True)
    JornadaFactory(territory=medellin, starts_on=today, ends_on=today)
    JornadaFactory(territory=territory("25754"), starts_on=today, ends_on=today)
    request = make_request(territory=medellin, actor=bob, received_on=today)
    attention_answer(request=request, actor=bob, text="Listo")


def _month(figures: dict) -> dict:
    return {item["key"]: item["value"] for item in figures["month"]}


def test_the_member_figures_of_antioquia(known_data, antioquia):
    figures = briefing_figures(territory=antioquia, today=timezone.localdate())
    assert (figures["members"], figures["new_this_month"], figures["with_card"]) == (6, 5, 4)


def test_the_month_figures_come_from_the_other_apps_sources(known_data, antioquia):
    month = _month(briefing_figures(territory=antioquia, today=timezone.localdate()))
    assert (month["cards_delivered"], month["drives_held"], month["attention_on_time"]) == (2, 1, 100.0)


def test_a_territory_without_activity_reads_zero(known_data, territories):
    figures = briefing_figures(territory=territory("76"), today=timezone.localdate())
    assert (figures["members"], _month(figures)["drives_held"], _month(figures)["attention_on_time"]) == (0, 0, None)


def test_the_briefing_pdf_prints_the_figures_on_one_page(client, known_data, bob, medellin):
    meeting = make_meeting(actor=bob, territory=medellin, title="Reunión con el director")
    login(client, bob)
    response = client.get(reverse("meetings:briefing-pdf", args=[meeting.pk]))
    reader = PdfReader(BytesIO(response.content))
    text = " ".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1
    assert [
        line in text
        for line in (
            "Militantes activos 6",
            "Militantes nuevos este mes 5",
            "Militantes activos con carnet 4",
            "Carnets entregados · este mes 2",
            "Jornadas de carnetización realizadas · este mes 1",
        )
    ] == [True] * 5
