import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from militancia.tests.factories import MemberFactory


def _api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.mark.django_db
def test_office_terms_api_is_scoped(bob, charlie, antioquia, medellin):
    from datetime import date

    from party_bodies import services as offices

    body = offices.body_create(actor=bob, territory=antioquia)
    offices.term_assign(
        actor=bob,
        office=body.offices.first(),
        member=MemberFactory(territory=medellin),
        starts_on=date(2025, 1, 1),
        ends_on=date(2030, 1, 1),
    )
    assert len(_api(bob).get("/api/v1/party-bodies/office-terms/?current=1").json()["results"]) == 1
    assert _api(charlie).get("/api/v1/party-bodies/office-terms/").json()["results"] == []
