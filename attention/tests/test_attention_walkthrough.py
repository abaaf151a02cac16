"""Attention requests as their users meet them, through the rendered pages: the public form's
anti-spam check, the suspended legal term, business days in the queue and the figures, and
dates and statuses people can read. Every POST carries exactly the fields the page renders."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from attention import challenge
from attention.calendar import add_business_days, business_days_between
from attention.models import AttentionRequest
from attention.tests.factories import make_request
from core.tests.badges import status_badges
from core.tests.rendered import form_with, forms_of

Status = AttentionRequest.Status
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _public_post(client, medellin):
    """GET the public form and fill it as a person would: (url, data)."""
    url = reverse("attention:attention-public-form")
    html = client.get(url).content.decode()
    form = next(f for f in forms_of(html) if "challenge_token" in f.names)
    a, b = (int(x) for x in re.search(r"(\d+) \+ (\d+)", html).groups())
    data = form.data(
        kind="hd_query",
        requester_name="Marta Ruiz",
        requester_id_number="1020304050",
        email="marta@example.org",
        territory=str(medellin.pk),
        subject="Mis datos",
        description="¿Qué datos tienen de mí?",
        accept_policy="on",
        challenge_answer=str(a + b),
    )
    return url, data


# --- the public challenge -------------------------------------------------------------------


def test_a_replayed_challenge_token_is_refused(client, medellin, monkeypatch):
    monkeypatch.setattr(challenge, "MIN_SECONDS", 0)
    url, data = _public_post(client, medellin)
    client.post(url, data)
    client.post(url, data)
    assert AttentionRequest.objects.count() == 1


def test_a_replayed_challenge_token_says_why(client, medellin, monkeypatch):
    monkeypatch.setattr(challenge, "MIN_SECONDS", 0)
    url, data = _public_post(client, medellin)
    client.post(url, data)
    page = client.post(url, data).content.decode()
    assert "ya se usó" in page


def test_a_too_fast_submission_says_so_and_not_that_the_answer_is_wrong(client, medellin):
    url, data = _public_post(client, medellin)
    page = client.post(url, data).content.decode()
    assert "demasiado rápido" in page


def test_a_too_fast_submission_is_not_called_a_wrong_answer(client, medellin):
    url, data = _public_post(client, medellin)
    page = client.post(url, data).content.decode()
    assert "no es correcta" not in page


def test_after_a_too_fast_submission_the_next_one_goes_through(client, medellin, monkeypatch):
    url, data = _public_post(client, medellin)
    client.post(url, data)
    monkeypatch.setattr(challenge, "MIN_SECONDS", 0)
    url, data = _public_post(client, medellin)
    assert client.post(url, data).status_code == 302


def test_the_acknowledgment_shows_the_due_date_as_dd_mm_aaaa(client, medellin, monkeypatch):
    monkeypatch.setattr(challenge, "MIN_SECONDS", 0)
    url, data = _public_post(client, medellin)
    ack = client.get(client.post(url, data).url).content.decode()
    due = AttentionRequest.objects.get().due_on
    assert due.strftime("%d/%m/%Y") in ack


def test_the_acknowledgment_shows_no_iso_date(client, medellin, monkeypatch):
    monkeypatch.setattr(challenge, "MIN_SECONDS", 0)
    url, data = _public_post(client, medellin)
    ack = client.get(client.post(url, data).url).content.decode()
    assert not re.search(r"\d{4}-\d{2}-\d{2}", ack)


# --- the suspended term -------------------------------------------------------------------


def _move(client, obj, to_status, note=""):
    detail = reverse("attention:attention-detail", args=[obj.pk])
    html = client.get(detail).content.decode()
    form = form_with(html, action=reverse("attention:attention-transition", args=[obj.pk]))
    return client.post(form.target(), form.data(to_status=to_status, note=note), follow=True)


@pytest.fixture
def waiting_request(login_as, bob, medellin):
    obj = make_request(territory=medellin, actor=bob, assigned_to=bob)
    client = login_as(bob)
    _move(client, obj, Status.WAITING, "Falta copia de la cédula")
    return client, AttentionRequest.objects.get(pk=obj.pk)


def test_waiting_for_the_requester_suspends_the_term(waiting_request):
    _client, obj = waiting_request
    assert obj.suspended_on == timezone.localdate()


def test_the_suspension_is_recorded_in_the_history(waiting_request):
    client, obj = waiting_request
    page = client.get(reverse("attention:attention-detail", args=[obj.pk])).content.decode()
    assert "Término suspendido mientras el solicitante completa la solicitud" in page


def test_the_answer_of_the_requester_moves_the_due_date_by_the_suspended_business_days(waiting_request):
    client, obj = waiting_request
    since = timezone.localdate() - timedelta(days=9)
    AttentionRequest.objects.filter(pk=obj.pk).update(suspended_on=since)
    _move(client, obj, Status.IN_PROGRESS, "Envió la copia")
    days = business_days_between(since, timezone.localdate())
    assert AttentionRequest.objects.get(pk=obj.pk).due_on == add_business_days(obj.due_on, days)


def test_the_resumption_is_recorded_in_the_history_with_the_new_due_date(waiting_request):
    client, obj = waiting_request
    since = timezone.localdate() - timedelta(days=9)
    AttentionRequest.objects.filter(pk=obj.pk).update(suspended_on=since)
    page = _move(client, obj, Status.IN_PROGRESS).content.decode()
    due = AttentionRequest.objects.get(pk=obj.pk).due_on
    assert f"vence ahora el {due:%d/%m/%Y}" in page


def test_a_suspended_request_is_not_shown_overdue(login_as, bob, medellin):
    obj = make_request(territory=medellin, actor=bob, received_on=timezone.localdate() - timedelta(days=40))
    client = login_as(bob)
    _move(client, obj, Status.WAITING)
    page = client.get(reverse("attention:attention-queue")).content.decode()
    assert 'data-urgency="overdue"' not in page


def test_the_queue_shows_business_days_left(login_as, bob, medellin, django_assert_max_num_queries):
    make_request(territory=medellin, actor=bob, kind="petition", received_on=timezone.localdate())
    client = login_as(bob)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("attention:attention-queue")).content.decode()
    cell = re.search(r'data-testid="days-left">(.*?)</td>', page, re.S).group(1)
    assert cell.strip() == "15 días"


def test_the_queue_shows_a_suspended_request_as_suspended(waiting_request):
    client, _obj = waiting_request
    page = client.get(reverse("attention:attention-queue")).content.decode()
    cell = re.search(r'data-testid="days-left">(.*?)</td>', page, re.S).group(1)
    assert "Suspendido" in cell


# --- the history reads as Spanish -----------------------------------------------------------


def _history(client, obj) -> str:
    page = client.get(reverse("attention:attention-detail", args=[obj.pk])).content.decode()
    return page.split('id="request-history"', 1)[1].split("</ol>", 1)[0]


def test_the_history_draws_the_move_as_status_badges(waiting_request):
    client, obj = waiting_request
    assert status_badges(_history(client, obj))[-2:] == [
        ("recibida", "Recibida"),
        ("en_espera", "En espera del solicitante"),
    ]


def test_the_history_never_shows_raw_codes(waiting_request):
    client, obj = waiting_request
    shown = re.sub(r"<[^>]+>", "", _history(client, obj))
    assert "en_espera" not in shown


# --- the figures ----------------------------------------------------------------------------


def _answer(obj, *, answered_on: date):
    AttentionRequest.objects.filter(pk=obj.pk).update(
        status=Status.ANSWERED, answered_on=answered_on, answered_at=timezone.now()
    )


def _average_card(client, year) -> str:
    page = client.get(reverse("attention:attention-figures"), {"year": year}).content.decode()
    return re.search(r"Promedio de días hábiles para responder</div><div[^>]*>(.*?)</div>", page).group(1)


def test_a_same_day_answer_counts_as_zero_days(login_as, bob, medellin):
    today = timezone.localdate()
    _answer(make_request(territory=medellin, actor=bob, received_on=today), answered_on=today)
    assert _average_card(login_as(bob), today.year) == "0,0"


def test_the_average_is_in_business_days(login_as, bob, medellin):
    friday, monday = date(2026, 11, 6), date(2026, 11, 9)
    _answer(make_request(territory=medellin, actor=bob, received_on=friday), answered_on=monday)
    assert _average_card(login_as(bob), 2026) == "1,0"


def test_a_wrong_answer_says_the_answer_is_wrong(client, medellin, monkeypatch):
    monkeypatch.setattr(challenge, "MIN_SECONDS", 0)
    url, data = _public_post(client, medellin)
    data["challenge_answer"] = "99"
    page = client.post(url, data).content.decode()
    assert "no es correcta" in page


def test_the_queue_shows_when_a_suspended_request_is_taken_as_withdrawn(waiting_request):
    client, obj = waiting_request
    page = client.get(reverse("attention:attention-queue")).content.decode()
    withdrawal = obj.withdrawal_on.strftime("%d/%m/%Y")
    assert f"desiste el {withdrawal}" in page


def test_a_month_after_the_31st_of_january_is_the_last_day_of_february():
    from core.dates import add_months

    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)


def test_the_tracking_page_says_the_term_is_suspended_while_waiting_for_the_requester(client, waiting_request):
    _staff, obj = waiting_request
    url = reverse("attention:attention-public-status")
    form = next(f for f in forms_of(client.get(url).content.decode()) if "tracking_number" in f.names)
    data = form.data(tracking_number=obj.tracking_number, requester_id_number=obj.requester_id_number)
    page = client.post(url, data).content.decode()
    assert "el término para responder está suspendido" in page
