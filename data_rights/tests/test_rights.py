import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from attention.models import AttentionRequest
from attention.tests.factories import make_request
from core.models import AuditEvent
from core.roles import Role
from core.tests.factories import make_user
from core.tests.permissions import assert_statuses
from data_rights import selectors, services
from data_rights.models import SuppressionRequest
from data_rights.pdf import member_data_report_pdf
from militancia.models import Member
from militancia.tests.factories import MemberFactory


@pytest.fixture
def second_admin(db):
    return make_user("diana", Role.NATIONAL_ADMIN)


@pytest.fixture
def resigned(medellin):
    return MemberFactory(
        territory=medellin,
        status=Member.Status.RESIGNED,
        first_names="Rosa",
        last_names="Quintero",
        email="rosa@example.org",
        phone="3001234567",
        address="Calle 10 # 20-30",
    )


@pytest.mark.django_db
def test_two_different_admins_anonymize_a_resigned_member(alice, second_admin, resigned, medellin, bob):
    req = make_request(territory=medellin, actor=bob, member=resigned, kind="hd_claim")
    suppression = services.suppression_request(
        actor=alice, member=resigned, reason="Solicitud de supresión", attention_request=req
    )
    with pytest.raises(ValidationError):
        services.suppression_confirm(actor=alice, request=suppression)  # the same person cannot confirm
    with pytest.raises(ValidationError):
        services.suppression_confirm(actor=bob, request=suppression)  # not a national admin
    member = services.suppression_confirm(actor=second_admin, request=suppression)
    assert member.anonymized_at is not None
    assert "Rosa" not in member.full_name
    assert member.id_number == f"ANON{member.pk}"
    assert member.email == member.phone == member.address == ""
    assert member.birth_date is None
    assert member.territory == medellin
    assert member.status == Member.Status.RESIGNED
    assert not member.has_open_claim
    request = AttentionRequest.objects.get(pk=req.pk)
    assert request.email == ""
    assert "Luis" not in request.requester_name
    event = AuditEvent.objects.get(action=AuditEvent.Action.ANONYMIZE)
    assert "Rosa" not in str(event.changes)
    assert "first_names" in event.changes
    # Irreversible: a second suppression is refused.
    with pytest.raises(ValidationError):
        services.suppression_request(actor=alice, member=member, reason="otra vez")
    with pytest.raises(ValidationError):
        services.suppression_confirm(actor=second_admin, request=suppression)


@pytest.mark.django_db
def test_only_resigned_members_can_be_suppressed(alice, medellin):
    active = MemberFactory(territory=medellin)
    with pytest.raises(ValidationError):
        services.suppression_request(actor=alice, member=active, reason="x")
    assert not SuppressionRequest.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_a_self_confirmed_suppression(alice, resigned):
    suppression = services.suppression_request(actor=alice, member=resigned, reason="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        SuppressionRequest.objects.filter(pk=suppression.pk).update(confirmed_by=alice)


@pytest.mark.django_db
def test_suppression_pages(login_as, alice, second_admin, bob, resigned):
    assert login_as(bob).get(reverse("data_rights:rights-suppressions")).status_code == 403
    client = login_as(alice)
    response = client.post(
        reverse("data_rights:rights-suppressions"),
        {"id_type": "CC", "id_number": resigned.id_number, "reason": "Pidió supresión"},
    )
    assert response.status_code == 302
    suppression = SuppressionRequest.objects.get()
    client.post(reverse("data_rights:rights-suppression-confirm", args=[suppression.pk]), {"action": "confirm"})
    assert SuppressionRequest.objects.get().status == SuppressionRequest.Status.PENDING
    login_as(second_admin).post(
        reverse("data_rights:rights-suppression-confirm", args=[suppression.pk]), {"action": "confirm"}
    )
    assert SuppressionRequest.objects.get().status == SuppressionRequest.Status.DONE
    assert Member.objects.get(pk=resigned.pk).anonymized_at is not None


@pytest.mark.django_db
def test_the_personal_data_report_is_scoped_and_audited(client, login_as, bob, charlie, reader, medellin):
    member = MemberFactory(territory=medellin, first_names="Ana", last_names="Zapata")
    request = make_request(territory=medellin, actor=bob, member=member)
    data = selectors.member_data_report(member=member)
    assert any(request.tracking_number in name for _, lines in data["sections"] for name, _ in lines)
    response = login_as(bob).get(reverse("data_rights:rights-data-report", args=[member.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, object_id=str(member.pk)).exists()
    assert_statuses(client, reverse("data_rights:rights-data-report", args=[member.pk]), {charlie: 404, reader: 403})


def test_the_data_report_pdf_renders_from_plain_data():
    pdf = member_data_report_pdf(
        {
            "name": "Ana <Zapata> & Cía",
            "document": "CC 123",
            "generated": "23/11/2026 10:00",
            "sections": [("record", [("Nombres", "Ana")]), ("history", [])],
        }
    )
    assert pdf.startswith(b"%PDF")
