"""The box and acta machines on core.workflow: transition tables, history rows, refusals, pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from core.models import AuditEvent
from core.roles import Role
from core.tests.factories import make_user
from core.workflow import TransitionError, allowed_transitions
from vendor_audits import services
from vendor_audits.models import DeliveryActaHistory, FormBox, FormBoxHistory

SCAN = b"%PDF-1.4 signed scan"


@pytest.fixture
def delivery(alice):
    vendor = services.vendor_create(actor=alice, name="Digitalizamos SAS", tax_id="900123456")
    contract = services.contract_create(
        actor=alice, vendor=vendor, number="C-1", unit_price=Decimal("850.00"), aql="2.5", starts_on=date(2026, 1, 1)
    )
    return services.delivery_create(actor=alice, contract=contract, number="S-1", delivered_on=date(2026, 11, 20))


@pytest.fixture
def box(delivery, alice):
    return services.box_register(
        actor=alice, delivery=delivery, code="CJ-001", forms_declared=30, received_on=date(2026, 11, 20)
    )


def _decide(box, alice, *, bad=0):
    audit = services.audit_start(box=box, actor=alice, seed=3)
    for index, position in enumerate(audit.positions):
        fields = ["signature"] if index < bad else []
        services.sample_record(audit=audit, position=position, actor=alice, discrepancies=fields)
    return services.audit_decide(audit=audit, actor=alice)


@pytest.fixture
def rejected_box(box, alice):
    _decide(box, alice, bad=2)
    box.refresh_from_db()
    return box


@pytest.fixture
def signed_acta(delivery, box, alice):
    _decide(box, alice)
    acta = services.acta_prepare(delivery=delivery, actor=alice)
    services.acta_update(acta=acta, actor=alice, signers=[{"name": "Laura", "role": "Secretaria"}], place="Cali")
    scan = SimpleUploadedFile("firmada.pdf", SCAN, content_type="application/pdf")
    return services.acta_sign(acta=acta, actor=alice, signed_scan=scan)


def _moves(box):
    return list(FormBoxHistory.objects.filter(box=box).values_list("from_status", "to_status"))


# ---- The box ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_registered_box_starts_its_history(box, alice):
    entry = FormBoxHistory.objects.get(box=box)
    assert (entry.from_status, entry.to_status, entry.actor) == ("", "received", alice)


@pytest.mark.django_db
def test_starting_the_audit_is_a_history_row_naming_the_plan(box, alice):
    services.audit_start(box=box, actor=alice, seed=3)
    entry = FormBoxHistory.objects.filter(box=box).latest("id")
    assert (entry.from_status, entry.to_status) == ("received", "auditing")
    assert "muestra de 5 formularios" in entry.note


@pytest.mark.django_db
def test_a_box_rejected_returned_and_received_back_keeps_every_move(rejected_box, alice):
    services.box_return(box=rejected_box, actor=alice)
    services.box_receive_back(box=rejected_box, actor=alice, received_on=date(2026, 11, 27))
    assert _moves(rejected_box) == [
        ("", "received"),
        ("received", "auditing"),
        ("auditing", "rejected"),
        ("rejected", "returned"),
        ("returned", "received"),
    ]


@pytest.mark.django_db
def test_the_decision_notes_the_nonconforming_count_in_the_history(rejected_box):
    entry = FormBoxHistory.objects.filter(box=rejected_box).latest("id")
    assert entry.note == "Formularios no conformes: 2 de 5 muestreados (se acepta con 0 o menos)."


@pytest.mark.django_db
def test_a_rejection_is_audited_as_a_rejection(rejected_box):
    event = AuditEvent.objects.filter(content_type__model="formbox", object_id=str(rejected_box.pk)).latest("id")
    assert event.action == AuditEvent.Action.REJECT


@pytest.mark.django_db
def test_receiving_back_records_the_new_date(rejected_box, alice):
    services.box_return(box=rejected_box, actor=alice)
    services.box_receive_back(box=rejected_box, actor=alice, received_on=date(2026, 11, 27))
    assert FormBox.objects.get(pk=rejected_box.pk).received_on == date(2026, 11, 27)


@pytest.mark.django_db
def test_returning_a_box_not_rejected_raises_a_transition_error(box, alice):
    with pytest.raises(TransitionError):
        services.box_return(box=box, actor=alice)


@pytest.mark.django_db
def test_an_illegal_move_leaves_no_history_row(box, alice):
    with pytest.raises(TransitionError):
        services.box_receive_back(box=box, actor=alice, received_on=date(2026, 11, 27))
    assert _moves(box) == [("", "received")]


@pytest.mark.django_db
def test_starting_an_audit_twice_raises_a_transition_error(box, alice):
    services.audit_start(box=box, actor=alice)
    with pytest.raises(TransitionError):
        services.audit_start(box=box, actor=alice)


@pytest.mark.django_db
def test_the_read_only_role_cannot_start_an_audit(box, reader):
    with pytest.raises(PermissionDenied):
        services.audit_start(box=box, actor=reader)


@pytest.mark.django_db
def test_a_refused_start_draws_no_sample(box, reader):
    with pytest.raises(PermissionDenied):
        services.audit_start(box=box, actor=reader)
    assert not box.audits.exists()


@pytest.fixture
def rejected_box_of_a_signed_acta(rejected_box, delivery, alice):
    acta = services.acta_prepare(delivery=delivery, actor=alice)
    services.acta_update(acta=acta, actor=alice, signers=[{"name": "Laura", "role": "Secretaria"}], place="Cali")
    scan = SimpleUploadedFile("firmada.pdf", SCAN, content_type="application/pdf")
    services.acta_sign(acta=acta, actor=alice, signed_scan=scan)
    return rejected_box


@pytest.mark.django_db
def test_a_box_of_a_signed_acta_does_not_move(rejected_box_of_a_signed_acta, alice):
    with pytest.raises(TransitionError):
        services.box_return(box=rejected_box_of_a_signed_acta, actor=alice)


@pytest.mark.django_db
def test_a_box_of_a_signed_acta_offers_no_move(rejected_box_of_a_signed_acta, alice):
    assert allowed_transitions(rejected_box_of_a_signed_acta, alice) == []


@pytest.mark.django_db
def test_a_national_role_with_a_territorial_scope_cannot_start_an_audit(box, antioquia):
    regional_admin = make_user("ramiro", Role.NATIONAL_ADMIN, territories=[antioquia])
    with pytest.raises(Http404):  # the national office's audits do not exist for a territorial user
        services.audit_start(box=box, actor=regional_admin)


@pytest.mark.django_db
def test_a_received_box_offers_only_the_start(box, alice):
    assert [t.name for t in allowed_transitions(box, alice)] == ["start"]


@pytest.mark.django_db
def test_a_rejected_box_offers_its_return(rejected_box, alice):
    assert [t.name for t in allowed_transitions(rejected_box, alice)] == ["return"]


@pytest.mark.django_db
def test_the_decision_is_never_offered_as_a_move(box, alice):
    services.audit_start(box=box, actor=alice)
    box.refresh_from_db()
    assert allowed_transitions(box, alice) == []


@pytest.mark.django_db
def test_the_read_only_role_is_offered_no_move(box, reader):
    assert allowed_transitions(box, reader) == []


# ---- The acta --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_prepared_acta_starts_its_history(delivery, alice):
    acta = services.acta_prepare(delivery=delivery, actor=alice)
    assert list(acta.history.values_list("from_status", "to_status")) == [("", "borrador")]


@pytest.mark.django_db
def test_preparing_the_acta_again_adds_no_history_row(delivery, alice):
    services.acta_prepare(delivery=delivery, actor=alice)
    services.acta_prepare(delivery=delivery, actor=alice)
    assert DeliveryActaHistory.objects.count() == 1


@pytest.mark.django_db
def test_signing_is_a_history_row_with_the_amount(signed_acta, alice):
    entry = signed_acta.history.latest("id")
    assert (entry.from_status, entry.to_status, entry.actor, entry.note) == (
        "borrador",
        "firmada",
        alice,
        "Valor: $ 25.500,00.",
    )


@pytest.mark.django_db
def test_approving_the_payment_is_a_history_row(signed_acta, alice):
    services.acta_approve_payment(acta=signed_acta, actor=alice)
    assert list(signed_acta.history.values_list("to_status", flat=True)) == ["borrador", "firmada", "pago_aprobado"]


@pytest.mark.django_db
def test_approving_the_payment_is_audited_as_an_approval(signed_acta, alice):
    services.acta_approve_payment(acta=signed_acta, actor=alice)
    event = AuditEvent.objects.filter(content_type__model="deliveryacta").latest("id")
    assert (event.action, event.changes) == (AuditEvent.Action.APPROVE, {"status": ["Firmada", "Pago aprobado"]})


@pytest.mark.django_db
def test_approving_a_draft_acta_raises_a_transition_error(delivery, alice):
    acta = services.acta_prepare(delivery=delivery, actor=alice)
    with pytest.raises(TransitionError):
        services.acta_approve_payment(acta=acta, actor=alice)


@pytest.mark.django_db
def test_signing_twice_raises_a_transition_error(signed_acta, alice):
    with pytest.raises(TransitionError):
        services.acta_sign(acta=signed_acta, actor=alice, signed_scan=SimpleUploadedFile("b.pdf", SCAN))


@pytest.mark.django_db
def test_the_read_only_role_cannot_approve_a_payment(signed_acta, reader):
    with pytest.raises(PermissionDenied):
        services.acta_approve_payment(acta=signed_acta, actor=reader)


@pytest.mark.django_db
def test_a_national_role_with_a_territorial_scope_cannot_approve_a_payment(signed_acta, antioquia):
    regional_admin = make_user("ramiro", Role.NATIONAL_ADMIN, territories=[antioquia])
    with pytest.raises(Http404):
        services.acta_approve_payment(acta=signed_acta, actor=regional_admin)


@pytest.mark.django_db
def test_a_signed_acta_offers_the_payment_approval(signed_acta, alice):
    assert [t.name for t in allowed_transitions(signed_acta, alice)] == ["approve_payment"]


# ---- Pages -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_box_page_shows_its_history(login_as, alice, rejected_box):
    page = login_as(alice).get(reverse("vendor_audits:audit-box-detail", args=[rejected_box.pk]))
    assert [(h.from_status, h.to_status) for h in page.context["history"]] == _moves(rejected_box)


@pytest.mark.django_db
def test_the_box_page_draws_its_status_badge(login_as, alice, rejected_box):
    page = login_as(alice).get(reverse("vendor_audits:audit-box-detail", args=[rejected_box.pk]))
    assert 'id="box-status" data-status="rejected">Rechazada</span>' in page.content.decode()


@pytest.mark.django_db
def test_the_box_page_offers_the_read_only_role_no_button(login_as, reader, box):
    page = login_as(reader).get(reverse("vendor_audits:audit-box-detail", args=[box.pk]))
    assert b'id="start-form"' not in page.content


@pytest.mark.django_db
def test_the_delivery_page_shows_the_acta_history(login_as, alice, signed_acta, delivery):
    page = login_as(alice).get(reverse("vendor_audits:audit-delivery-detail", args=[delivery.pk]))
    assert [h.to_status for h in page.context["acta_history"]] == ["borrador", "firmada"]


@pytest.mark.django_db
def test_the_delivery_page_offers_the_payment_approval_of_a_signed_acta(login_as, alice, signed_acta, delivery):
    page = login_as(alice).get(reverse("vendor_audits:audit-delivery-detail", args=[delivery.pk]))
    assert b'id="acta-approve-form"' in page.content
