"""Switching between normal and tightened inspection as the auditor lives it: boxes decided one
after another under a contract, the plan of the next box, the discontinuation and its resumption."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEvent
from vendor_audits import services
from vendor_audits.models import BoxAudit, InspectionResumption

from .test_audits import _box, _check_all


@pytest.fixture
def delivery(alice):
    vendor = services.vendor_create(actor=alice, name="Digitalizamos SAS", tax_id="900123456")
    contract = services.contract_create(
        actor=alice, vendor=vendor, number="C-2026-07", unit_price=Decimal("850"), aql="2.5", starts_on=date(2026, 1, 1)
    )
    return services.delivery_create(actor=alice, contract=contract, number="S-50", delivered_on=date(2026, 11, 20))


def _audit_box(delivery, alice, code, *, bad):
    """Register a box of 500 forms, audit it and decide it with `bad` nonconforming forms."""
    audit = services.audit_start(box=_box(delivery, alice, code=code), actor=alice, seed=1)
    _check_all(audit, alice, bad=bad)
    return services.audit_decide(audit=audit, actor=alice)


def _state(delivery):
    return services.contract_switching_state(contract=delivery.contract)


@pytest.mark.django_db
def test_two_rejected_boxes_put_the_next_box_on_the_tightened_plan(delivery, alice):
    first = _audit_box(delivery, alice, "CJ-1", bad=4)  # normal: n=50, Ac 3 → rejected
    assert (first.severity, first.sample_size, first.accept_number) == ("normal", 50, 3)
    _audit_box(delivery, alice, "CJ-2", bad=0)
    assert _state(delivery).severity == "normal"
    _audit_box(delivery, alice, "CJ-3", bad=4)
    assert _state(delivery).severity == "tightened"
    switch = AuditEvent.objects.filter(content_type__model="vendorcontract", changes__has_key="inspection")
    assert list(switch.values_list("changes", flat=True)) == [{"inspection": ["Normal", "Rigurosa"]}]
    nxt = services.audit_start(box=_box(delivery, alice, code="CJ-4"), actor=alice, seed=1)
    assert (nxt.severity, nxt.sample_size, nxt.accept_number, nxt.reject_number) == ("tightened", 50, 2, 3)
    # Three nonconforming forms pass on normal inspection but not on tightened.
    _check_all(nxt, alice, bad=3)
    assert services.audit_decide(audit=nxt, actor=alice).result == BoxAudit.Result.REJECTED


@pytest.mark.django_db
def test_a_resubmitted_box_does_not_count_for_switching(delivery, alice):
    rejected = _audit_box(delivery, alice, "CJ-1", bad=4)
    box = rejected.box
    services.box_return(box=box, actor=alice)
    services.box_receive_back(box=box, actor=alice, received_on=date(2026, 11, 27))
    again = services.audit_start(box=box, actor=alice, seed=3)
    _check_all(again, alice, bad=4)
    services.audit_decide(audit=again, actor=alice)
    assert _state(delivery).severity == "normal"  # one original rejection only


@pytest.mark.django_db
def test_five_accepted_boxes_return_to_normal(delivery, alice):
    _audit_box(delivery, alice, "CJ-1", bad=4)
    _audit_box(delivery, alice, "CJ-2", bad=4)
    for n in range(3, 8):
        assert _state(delivery).severity == "tightened"
        _audit_box(delivery, alice, f"CJ-{n}", bad=0)
    assert _state(delivery).severity == "normal"
    assert services.audit_start(box=_box(delivery, alice, code="CJ-9"), actor=alice).severity == "normal"


@pytest.mark.django_db
def test_five_rejected_on_tightened_discontinue_the_inspection_until_resumed(delivery, alice, login_as):
    for n in range(1, 8):  # 2 rejections on normal, then 5 on tightened
        _audit_box(delivery, alice, f"CJ-{n}", bad=4)
    assert _state(delivery).discontinued
    waiting = _box(delivery, alice, code="CJ-8")
    with pytest.raises(ValidationError) as exc:
        services.audit_start(box=waiting, actor=alice)
    assert "C-2026-07" in exc.value.messages[0]
    assert "acción correctiva" in exc.value.messages[0]
    assert not waiting.audits.exists()

    client = login_as(alice)
    page = client.get(reverse("vendor_audits:audit-vendor-detail", args=[delivery.contract.vendor_id]))
    assert b'data-inspection="discontinued"' in page.content
    assert "Reanudar la inspección" in page.content.decode()
    refused = client.post(reverse("vendor_audits:audit-start", args=[waiting.pk]), follow=True)
    assert "está suspendida" in refused.content.decode()
    assert not waiting.audits.exists()

    url = reverse("vendor_audits:audit-inspection-resume", args=[delivery.contract.pk])
    short = client.post(url, {"corrective_action": "ok"}, follow=True)
    assert "acción correctiva" in short.content.decode()
    assert not InspectionResumption.objects.exists()
    client.post(url, {"corrective_action": "Nuevo supervisor de calidad y doble digitación de cédulas."})
    assert _state(delivery).severity == "tightened"
    assert InspectionResumption.objects.get().resumed_by == alice
    assert services.audit_start(box=waiting, actor=alice).severity == "tightened"
    # Resuming twice is refused: the inspection is running again.
    with pytest.raises(ValidationError):
        services.inspection_resume(contract=delivery.contract, actor=alice, corrective_action="Otra acción correctiva")


@pytest.mark.django_db
def test_the_auditor_is_told_when_a_decision_switches_the_inspection(delivery, alice, login_as):
    _audit_box(delivery, alice, "CJ-1", bad=4)
    audit = services.audit_start(box=_box(delivery, alice, code="CJ-2"), actor=alice, seed=1)
    _check_all(audit, alice, bad=4)
    page = login_as(alice).post(reverse("vendor_audits:audit-decide", args=[audit.pk]), follow=True)
    assert "la inspección es rigurosa" in page.content.decode()
    box_page = login_as(alice).get(reverse("vendor_audits:audit-box-detail", args=[audit.box_id]))
    assert "Inspección normal" in box_page.content.decode()  # the round was inspected on the normal plan


@pytest.mark.django_db
def test_resuming_is_for_national_auditors_only(client, login_as, alice, bob, reader, nobody, antioquia, delivery):
    from core.roles import Role
    from core.tests.factories import make_user

    url = reverse("vendor_audits:audit-inspection-resume", args=[delivery.contract.pk])
    data = {"corrective_action": "Nuevo supervisor de calidad en la digitación."}
    anonymous = client.post(url, data)
    assert anonymous.status_code == 302
    assert "next=" in anonymous.url
    assert login_as(nobody).post(url, data).status_code == 403
    assert login_as(bob).post(url, data).status_code == 403
    assert login_as(reader).post(url, data).status_code == 403
    regional_admin = make_user("ramiro", Role.NATIONAL_ADMIN, territories=[antioquia])
    assert login_as(regional_admin).post(url, data).status_code == 404
    assert login_as(alice).get(url).status_code == 405
    assert not InspectionResumption.objects.exists()


@pytest.mark.django_db
def test_the_vendor_page_shows_each_contract_inspection_in_few_queries(
    delivery, alice, login_as, django_assert_max_num_queries
):
    for n in range(1, 4):
        _audit_box(delivery, alice, f"CJ-{n}", bad=4 if n != 2 else 0)
    for number in ("C-2025-01", "C-2024-01"):  # more contracts, same number of queries
        services.contract_create(
            actor=alice,
            vendor=delivery.contract.vendor,
            number=number,
            unit_price=Decimal("700"),
            aql="1.0",
            starts_on=date(2024, 1, 1),
        )
    client = login_as(alice)
    url = reverse("vendor_audits:audit-vendor-detail", args=[delivery.contract.vendor_id])
    with django_assert_max_num_queries(19):
        page = client.get(url)
    html = page.content.decode()
    assert 'data-inspection="tightened"' in html
    assert "Inspección rigurosa" in html
    assert [c["state"].severity for c in page.context["contracts"]] == ["tightened", "normal", "normal"]
    # 8 forms without signature among the 150 compared this month, counted in the database.
    assert page.context["chart"]["series"] == [{"field": "Firma presente", "rates": [5.33]}]
    assert (page.context["history"]["accepted"], page.context["history"]["rejected"]) == (1, 2)
