import re
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from attention.challenge import check_challenge, new_challenge, question_of
from attention.models import AttentionRequest
from militancia.models import Member
from militancia.tests.factories import MemberFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _normalize(html: str) -> str:
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _solved_token():
    question, token = new_challenge(now=time.time() - 60)
    a, b = (int(x) for x in question.split(" + "))
    return token, a + b


def _payload(medellin, **overrides):
    token, answer = _solved_token()
    data = {
        "kind": "hd_query",
        "requester_name": "Marta Ruiz",
        "requester_id_type": "CC",
        "requester_id_number": "1.020.304.050",
        "email": "marta@example.org",
        "territory": medellin.pk,
        "subject": "Mis datos",
        "description": "¿Qué datos tienen de mí?",
        "accept_policy": "on",
        "challenge_token": token,
        "challenge_answer": str(answer),
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_challenge_needs_the_right_answer_time_and_an_empty_honeypot():
    question, token = new_challenge(now=time.time() - 10)
    a, b = (int(x) for x in question.split(" + "))
    assert question_of(token) == question
    assert check_challenge(token, a + b)
    assert not check_challenge(token, a + b + 1)
    assert not check_challenge(token, a + b, honeypot="http://spam")
    assert not check_challenge(token + "x", a + b)
    _q, fresh = new_challenge()
    assert not check_challenge(fresh, a + b)  # answered in under 3 seconds: a bot


@pytest.mark.django_db
def test_anyone_files_a_request_and_gets_a_tracking_number(client, medellin):
    page = client.get(reverse("attention:attention-public-form"))
    assert page.status_code == 200
    response = client.post(reverse("attention:attention-public-form"), _payload(medellin))
    assert response.status_code == 302
    req = AttentionRequest.objects.get()
    assert req.channel == "web"
    assert req.member is None
    assert req.requester_id_number == "1020304050"
    ack = client.get(response.url).content.decode()
    assert req.tracking_number in ack


@pytest.mark.django_db
def test_a_wrong_answer_or_a_filled_honeypot_files_nothing(client, medellin):
    assert (
        client.post(reverse("attention:attention-public-form"), _payload(medellin, challenge_answer="99")).status_code
        == 200
    )
    assert client.post(reverse("attention:attention-public-form"), _payload(medellin, website="x")).status_code == 200
    assert not AttentionRequest.objects.exists()


@pytest.mark.django_db
def test_a_public_request_with_no_way_to_answer_is_refused(client, medellin):
    response = client.post(reverse("attention:attention-public-form"), _payload(medellin, email=""))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not AttentionRequest.objects.exists()


@pytest.mark.django_db
def test_the_public_form_links_a_member_silently_and_says_the_same(client, medellin, bogota):
    member = MemberFactory(territory=bogota, id_number="55555555")
    member_response = client.post(
        reverse("attention:attention-public-form"), _payload(medellin, requester_id_number="55555555")
    )
    member_ack = client.get(member_response.url).content.decode()
    member_request = AttentionRequest.objects.get(requester_id_number="55555555")
    # Linked to the member and routed to the member's territory, without telling the requester.
    assert member_request.member == member
    assert member_request.territory == bogota
    other_response = client.post(
        reverse("attention:attention-public-form"), _payload(medellin, requester_id_number="66666666")
    )
    other_ack = client.get(other_response.url).content.decode()
    other_request = AttentionRequest.objects.get(requester_id_number="66666666")
    assert _normalize(member_ack).replace(member_request.tracking_number, "N") == _normalize(other_ack).replace(
        other_request.tracking_number, "N"
    )
    assert not Member.objects.get(pk=member.pk).has_open_claim  # a query is not a claim


@pytest.mark.django_db
def test_the_status_page_needs_both_numbers_and_never_reveals_membership(client, medellin):
    member = MemberFactory(territory=medellin, id_number="77777777", first_names="Secreta", last_names="Militante")
    client.post(reverse("attention:attention-public-form"), _payload(medellin, requester_id_number="77777777"))
    req = AttentionRequest.objects.get()
    url = reverse("attention:attention-public-status")
    found = client.post(url, {"tracking_number": req.tracking_number.lower(), "requester_id_number": "77.777.777"})
    html = found.content.decode()
    assert found.context["result"] == req
    assert req.get_status_display() in html or "Received" in html or "Recibida" in html
    for secret in ("Secreta", "Militante", member.territory.name, "member", "militante"):
        assert secret not in html.split('id="status-result"')[1]
    wrong_id = client.post(url, {"tracking_number": req.tracking_number, "requester_id_number": "12345678"})
    no_such = client.post(url, {"tracking_number": "2026-ZZZZZZZZ", "requester_id_number": "77777777"})
    assert wrong_id.context["result"] is None
    assert wrong_id.context["not_found"]
    wrong_html = _normalize(wrong_id.content.decode()).replace("12345678", "").replace(req.tracking_number, "")
    no_such_html = _normalize(no_such.content.decode()).replace("77777777", "").replace("2026-ZZZZZZZZ", "")
    assert wrong_html == no_such_html


@pytest.mark.django_db
def test_the_public_pages_are_rate_limited(client, medellin, still_rate_limit_clock):
    url = reverse("attention:attention-public-status")
    codes = [
        client.post(url, {"tracking_number": "2026-AAAAAAAA", "requester_id_number": "1"}).status_code
        for _ in range(12)
    ]
    assert codes[:10] == [200] * 10
    assert codes[-1] == 429


@pytest.mark.django_db
def test_the_public_form_takes_an_attachment_checked_by_content(client, medellin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("carta.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("attention:attention-public-form"), {**_payload(medellin), "attachment": bad})
    assert response.status_code == 200
    assert not AttentionRequest.objects.exists()
    good = SimpleUploadedFile("carta.pdf", b"%PDF-1.4 carta", content_type="application/pdf")
    response = client.post(reverse("attention:attention-public-form"), {**_payload(medellin), "attachment": good})
    assert response.status_code == 302
    assert AttentionRequest.objects.get().attachments.count() == 1
