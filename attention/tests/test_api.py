import pytest
from django.core import mail
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from attention.models import AttentionRequest
from attention.tasks import send_answer_email
from attention.tests.factories import make_request
from militancia.tests.factories import MemberFactory


def _api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.mark.django_db
def test_the_queue_api_is_scoped_and_ordered(bob, charlie, reader, nobody, medellin, cundinamarca):
    first = make_request(territory=medellin, actor=bob, kind="hd_query")
    make_request(territory=medellin, actor=bob, kind="consultation")
    other = make_request(territory=cundinamarca, actor=charlie)
    assert APIClient().get("/api/v1/attention/requests/").status_code in (401, 403)
    assert _api(nobody).get("/api/v1/attention/requests/").status_code == 403
    results = _api(bob).get("/api/v1/attention/requests/").json()["results"]
    assert [r["tracking_number"] for r in results][0] == first.tracking_number
    assert other.tracking_number not in {r["tracking_number"] for r in results}
    assert _api(bob).get(f"/api/v1/attention/requests/{other.pk}/").status_code == 404
    assert _api(reader).get("/api/v1/attention/requests/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_filing_and_answering_through_the_api(bob, reader, medellin):
    member = MemberFactory(territory=medellin, email="ana@example.org")
    client = _api(bob)
    response = client.post(
        "/api/v1/attention/requests/",
        {
            "channel": "whatsapp",
            "kind": "hd_claim",
            "subject": "Corregir teléfono",
            "description": "Mi teléfono cambió",
            "requester_id_number": f"{member.id_number}",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = AttentionRequest.objects.get(pk=response.json()["id"])
    assert created.member == member
    assert created.territory == medellin
    refused = client.post(
        "/api/v1/attention/requests/",
        {"channel": "phone", "kind": "petition", "subject": "x", "description": "x", "requester_id_number": "123456"},
        format="json",
    )
    assert refused.status_code == 400
    assert (
        _api(reader).post(f"/api/v1/attention/requests/{created.pk}/answer/", {"answer_text": "x"}).status_code == 403
    )
    answered = client.post(f"/api/v1/attention/requests/{created.pk}/answer/", {"answer_text": "Listo"}, format="json")
    assert answered.status_code == 200
    assert answered.json()["status"] == "respondida"
    assert send_answer_email(created.pk) == {"sent": True}  # queued on commit; what the worker runs
    assert len(mail.outbox) == 1
