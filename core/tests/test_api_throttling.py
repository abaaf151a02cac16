"""API throttles are on: anonymous callers and token guessers meet 429."""

import pytest
from django.test import override_settings
from rest_framework.settings import api_settings

pytestmark = pytest.mark.django_db
URL = "/api/v1/core/territories/"


def rates(**changes):
    return override_settings(
        REST_FRAMEWORK={
            **api_settings.user_settings,
            "DEFAULT_THROTTLE_RATES": {**api_settings.user_settings["DEFAULT_THROTTLE_RATES"], **changes},
        }
    )


def test_throttle_classes_are_enabled():
    names = [cls.__name__ for cls in api_settings.DEFAULT_THROTTLE_CLASSES]
    assert names == ["AnonThrottle", "UserThrottle"]


def test_the_61st_anonymous_call_in_a_minute_gets_429(client):
    answers = [client.get(URL).status_code for _call in range(61)]
    assert answers[:60] == [401] * 60
    assert answers[60] == 429


def test_anonymous_callers_are_counted_per_client_ip(client):
    with rates(anon="2/min"):
        for _call in range(2):
            client.get(URL, REMOTE_ADDR="198.51.100.1")
        other = client.get(URL, REMOTE_ADDR="198.51.100.2")
    assert other.status_code == 401


def test_a_spoofed_forwarded_for_does_not_reset_the_anonymous_count(client):
    with rates(anon="2/min"):
        answers = [client.get(URL, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}").status_code for n in range(3)]
    assert answers[2] == 429


def test_repeated_bad_tokens_get_429(client):
    with rates(bad_token="3/min"):
        answers = [client.get(URL, HTTP_AUTHORIZATION=f"Token bad{n}").status_code for n in range(4)]
    assert answers == [401, 401, 401, 429]


def test_a_good_token_is_refused_too_once_the_ip_guessed_too_much(client, bob):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=bob)
    with rates(bad_token="2/min"):
        for n in range(2):
            client.get(URL, HTTP_AUTHORIZATION=f"Token bad{n}")
        response = client.get(URL, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 429


def test_a_user_over_the_user_rate_gets_429(client, bob):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=bob)
    with rates(user="2/min"):
        answers = [client.get(URL, HTTP_AUTHORIZATION=f"Token {token.key}").status_code for _call in range(3)]
    assert answers == [200, 200, 429]


def test_the_429_answer_is_in_spanish(client):
    with rates(anon="1/min"):
        client.get(URL)
        response = client.get(URL)
    assert "Solicitud fue regulada" in response.json()["detail"]
