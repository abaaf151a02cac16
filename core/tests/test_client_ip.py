"""The client IP comes from X-Forwarded-For only through a trusted proxy (TRUSTED_PROXIES)."""

import pytest
from django.test import RequestFactory

from core.models import AuditEvent
from core.net import client_ip

PASSWORD = "Clave-de-prueba-2026"


def request_from(peer: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **extra)


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_ip(request_from("198.51.100.20", "1.2.3.4")) == "198.51.100.20"


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("10.0.0.5", "1.2.3.4")) == "10.0.0.5"


def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    # The client wrote "6.6.6.6" itself; the proxy appended the address it really saw.
    assert client_ip(request_from("10.0.0.5", "6.6.6.6, 203.0.113.9")) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "192.0.2.1"]
    assert client_ip(request_from("10.0.0.5", "6.6.6.6, 203.0.113.9, 192.0.2.1")) == "203.0.113.9"


def test_ipv6_proxies_are_matched_by_cidr(settings):
    settings.TRUSTED_PROXIES = ["2001:db8::/32"]
    assert client_ip(request_from("2001:db8::1", "2001:db8:ffff::2, 2a00:1450::1")) == "2a00:1450::1"


def test_a_malformed_hop_stops_believing_the_header(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_ip(request_from("10.0.0.5", "203.0.113.9, not-an-ip")) == "10.0.0.5"


@pytest.mark.django_db
def test_the_audit_log_keeps_the_real_address_not_the_spoofed_one(client, bob, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    client.post(
        "/cuenta/ingresar/",
        {"username": "bob", "password": "wrong"},
        REMOTE_ADDR="198.51.100.20",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )
    event = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).latest("id")
    assert event.ip_address == "198.51.100.20"


@pytest.mark.django_db
def test_the_audit_log_keeps_the_client_behind_a_trusted_proxy(client, bob, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    client.post(
        "/cuenta/ingresar/",
        {"username": "bob", "password": "wrong"},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    event = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).latest("id")
    assert event.ip_address == "203.0.113.9"


@pytest.mark.django_db
def test_lockouts_count_per_client_behind_the_proxy(client, bob, settings):
    """Two visitors behind the same proxy: one locking bob out does not lock the other."""
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/cuenta/ingresar/",
            {"username": "bob", "password": "wrong"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    other = client.post(
        "/cuenta/ingresar/",
        {"username": "bob", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="203.0.113.77",
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_a_spoofed_header_does_not_escape_a_lockout(client, bob, settings):
    settings.TRUSTED_PROXIES = []
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/cuenta/ingresar/",
            {"username": "bob", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"1.2.3.{attempt}",
        )
    response = client.post(
        "/cuenta/ingresar/", {"username": "bob", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="9.9.9.9"
    )
    assert response.status_code == 429


def test_rate_limits_key_on_the_same_function(settings):
    from django_ratelimit.core import _get_ip

    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    assert _get_ip(request_from("10.0.0.5", "6.6.6.6, 203.0.113.9")) == "203.0.113.9"
