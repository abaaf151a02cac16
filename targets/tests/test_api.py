import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.mark.django_db
def test_a_coordinator_reads_the_indicators_through_the_api(bob):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=bob)[0].key}")
    assert client.get("/api/v1/targets/indicator-values/").status_code == 200
