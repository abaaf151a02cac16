"""Histories written through core.workflow show their status labels wherever a person reads them:
the member page's card panel, the data-subject report, and the roster pages (whoever uploaded)."""

import pytest
from django.urls import reverse

from carnets.services import card_issue
from carnets.tests.factories import CardDesignFactory
from core.tests.badges import status_badges
from data_rights import selectors as rights_selectors
from militancia.tests.factories import MemberFactory
from rosters.models import RosterUpload


@pytest.fixture
def member_with_a_card(alice, medellin):
    CardDesignFactory()
    member = MemberFactory(territory=medellin)
    card_issue(member=member, actor=alice)
    return member


def _report_lines(member) -> list[str]:
    data = rights_selectors.member_data_report(member=member)
    return [text for _section, lines in data["sections"] for pair in lines for text in pair]


@pytest.mark.django_db
def test_the_data_report_names_the_card_status(member_with_a_card):
    assert any("Pendiente" in line for line in _report_lines(member_with_a_card))


@pytest.mark.django_db
def test_the_data_report_of_a_member_with_a_card_downloads(login_as, bob, member_with_a_card):
    response = login_as(bob).get(reverse("data_rights:rights-data-report", args=[member_with_a_card.pk]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_member_page_shows_the_card_history_label(login_as, alice, member_with_a_card):
    page = login_as(alice).get(reverse("militancia:member-detail", args=[member_with_a_card.pk])).content.decode()
    history = page.split('<ol class="small text-body-secondary mb-0 ps-3">', 1)[1].split("</ol>", 1)[0]
    assert status_badges(history) == [("pendiente", "Pendiente")]


@pytest.mark.django_db
def test_a_roster_with_no_uploader_nor_job_still_opens(login_as, alice, antioquia):
    upload = RosterUpload.objects.create(
        file="rosters/x.xlsx",
        original_name="x.xlsx",
        sha256="0" * 64,
        territory=antioquia,
        consent_location="Sede",
    )
    client = login_as(alice)
    assert client.get(reverse("rosters:roster-list")).status_code == 200
    assert client.get(reverse("rosters:roster-detail", args=[upload.pk])).status_code == 200
