from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import InternalError, transaction
from django.urls import reverse

from core.models import AuditEvent
from core.tests.permissions import ANONYMOUS, LOGIN, assert_statuses
from militancia.tests.factories import MemberFactory
from militancia.tests.operations.html_forms import rendered_form
from vendor_audits import services
from vendor_audits.models import BoxAudit, DeliveryActa, FormBox, SampleItem
from vendor_audits.pdf import acta_pdf

SCAN = b"%PDF-1.4 signed scan"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "vendor_audits"


@pytest.fixture
def delivery(alice):
    vendor = services.vendor_create(actor=alice, name="Digitalizamos SAS", tax_id="900123456")
    contract = services.contract_create(
        actor=alice,
        vendor=vendor,
        number="C-2026-01",
        unit_price=Decimal("850.00"),
        aql="2.5",
        starts_on=date(2026, 1, 1),
    )
    return services.delivery_create(actor=alice, contract=contract, number="S-47", delivered_on=date(2026, 11, 20))


def _box(delivery, alice, code="CJ-001", forms=500):
    return services.box_register(
        actor=alice, delivery=delivery, code=code, forms_declared=forms, received_on=date(2026, 11, 20)
    )


def _check_all(audit, alice, bad=0):
    for index, position in enumerate(audit.positions):
        fields = ["signature"] if index < bad else []
        services.sample_record(audit=audit, position=position, actor=alice, discrepancies=fields)


@pytest.mark.django_db
def test_it_draws_the_sample_from_the_plan_with_a_recorded_seed(delivery, alice):
    box = _box(delivery, alice)
    audit = services.audit_start(box=box, actor=alice, seed=42)
    assert (audit.code_letter, audit.sample_size, audit.accept_number, audit.reject_number) == ("H", 50, 3, 4)
    assert audit.seed == 42
    assert len(audit.positions) == 50
    assert SampleItem.objects.filter(audit=audit).count() == 50
    box.refresh_from_db()
    assert box.status == FormBox.Status.AUDITING
    with pytest.raises(ValidationError):
        services.audit_start(box=box, actor=alice)


@pytest.mark.django_db
def test_a_small_box_is_inspected_entirely(delivery, alice):
    audit = services.audit_start(box=_box(delivery, alice, forms=4), actor=alice)
    assert audit.full_inspection
    assert audit.positions == [1, 2, 3, 4]


@pytest.mark.django_db
def test_it_refuses_a_result_for_a_form_not_in_the_sample(delivery, alice):
    audit = services.audit_start(box=_box(delivery, alice), actor=alice, seed=7)
    outside = next(p for p in range(1, 501) if p not in audit.positions)
    with pytest.raises(ValidationError) as exc:
        services.sample_record(audit=audit, position=outside, actor=alice, discrepancies=["names"])
    assert "position" in exc.value.message_dict
    assert not SampleItem.objects.filter(audit=audit, checked=True).exists()


@pytest.mark.django_db
def test_it_links_the_record_and_flags_a_missing_one(delivery, alice, medellin):
    member = MemberFactory(territory=medellin, id_number="43111222")
    audit = services.audit_start(box=_box(delivery, alice), actor=alice, seed=7)
    first, second = audit.positions[:2]
    item = services.sample_record(audit=audit, position=first, actor=alice, id_number="43.111.222")
    assert item.member == member
    assert item.discrepancies == []
    missing = services.sample_record(audit=audit, position=second, actor=alice, id_number="999999")
    assert missing.discrepancies == ["record"]


@pytest.mark.django_db
def test_it_accepts_at_the_accept_number(delivery, alice):
    audit = services.audit_start(box=_box(delivery, alice), actor=alice, seed=1)
    with pytest.raises(ValidationError):
        services.audit_decide(audit=audit, actor=alice)  # nothing checked yet
    _check_all(audit, alice, bad=3)
    decided = services.audit_decide(audit=audit, actor=alice)
    assert decided.result == BoxAudit.Result.ACCEPTED
    assert decided.nonconforming == 3
    assert FormBox.objects.get(pk=audit.box_id).status == FormBox.Status.ACCEPTED


@pytest.mark.django_db
def test_it_rejects_at_the_reject_number_and_audits_again_when_the_box_returns(delivery, alice):
    box = _box(delivery, alice)
    audit = services.audit_start(box=box, actor=alice, seed=1)
    _check_all(audit, alice, bad=4)
    assert services.audit_decide(audit=audit, actor=alice).result == BoxAudit.Result.REJECTED
    errors = services.rejected_errors(box=FormBox.objects.get(pk=box.pk))
    assert len(errors) == 4
    assert errors[0]["fields"]
    with pytest.raises(ValidationError):
        services.audit_start(box=box, actor=alice)  # must go back to the vendor first
    services.box_return(box=box, actor=alice)
    services.box_receive_back(box=box, actor=alice, received_on=date(2026, 11, 27))
    second = services.audit_start(box=box, actor=alice, seed=2)
    assert second.round == 2
    assert second.positions != audit.positions
    _check_all(second, alice, bad=0)
    assert services.audit_decide(audit=second, actor=alice).result == BoxAudit.Result.ACCEPTED


@pytest.mark.django_db
def test_the_acta_pays_accepted_forms_and_is_frozen_once_signed(delivery, alice):
    accepted = _box(delivery, alice, "CJ-001", 500)
    rejected = _box(delivery, alice, "CJ-002", 200)
    a1 = services.audit_start(box=accepted, actor=alice, seed=1)
    _check_all(a1, alice)
    services.audit_decide(audit=a1, actor=alice)
    a2 = services.audit_start(box=rejected, actor=alice, seed=1)
    _check_all(a2, alice, bad=5)
    services.audit_decide(audit=a2, actor=alice)

    acta = services.acta_prepare(delivery=delivery, actor=alice)
    scan = SimpleUploadedFile("acta.pdf", SCAN)
    with pytest.raises(ValidationError):
        services.acta_sign(acta=acta, actor=alice, signed_scan=scan)  # nobody named to sign
    services.acta_update(
        acta=acta,
        actor=alice,
        signers=[{"name": "Laura Gómez", "role": "Secretaria general"}, {"name": "Pedro Ruiz", "role": "Interventor"}],
        place="Bogotá D.C.",
    )
    figures = services.acta_figures(delivery=delivery)
    assert figures["accepted_forms"] == 500
    assert figures["amount"] == "425000.00"
    services.acta_sign(acta=acta, actor=alice, signed_scan=SimpleUploadedFile("acta.pdf", SCAN))
    acta.refresh_from_db()
    assert acta.status == DeliveryActa.Status.SIGNED
    assert acta.snapshot["amount"] == "425000.00"

    # Nothing about a signed acta changes: services refuse…
    with pytest.raises(ValidationError):
        services.acta_update(acta=acta, actor=alice, signers=[{"name": "X", "role": "Y"}], place="Cali")
    with pytest.raises(ValidationError):
        _box(delivery, alice, "CJ-003", 10)
    with pytest.raises(ValidationError):
        services.box_return(box=rejected, actor=alice)
    with pytest.raises(ValidationError):
        services.acta_sign(acta=acta, actor=alice, signed_scan=SimpleUploadedFile("b.pdf", SCAN))
    # …and so does the database.
    with pytest.raises(InternalError), transaction.atomic():
        DeliveryActa.objects.filter(pk=acta.pk).update(place="Cali")
    with pytest.raises(InternalError), transaction.atomic():
        DeliveryActa.objects.filter(pk=acta.pk).delete()

    services.acta_approve_payment(acta=acta, actor=alice)
    acta.refresh_from_db()
    assert acta.status == DeliveryActa.Status.PAYMENT_APPROVED
    assert acta.place == "Bogotá D.C."
    with pytest.raises(InternalError), transaction.atomic():
        DeliveryActa.objects.filter(pk=acta.pk).update(status="borrador")


@pytest.mark.django_db
def test_it_refuses_to_sign_with_boxes_undecided_or_a_bad_scan(delivery, alice):
    box = _box(delivery, alice)
    services.audit_start(box=box, actor=alice)
    acta = services.acta_prepare(delivery=delivery, actor=alice)
    services.acta_update(acta=acta, actor=alice, signers=[{"name": "Laura", "role": "Secretaria"}], place="Bogotá")
    with pytest.raises(ValidationError):
        services.acta_sign(acta=acta, actor=alice, signed_scan=SimpleUploadedFile("a.pdf", SCAN))
    with pytest.raises(ValidationError):
        services.acta_sign(acta=acta, actor=alice, signed_scan=SimpleUploadedFile("a.pdf", b"MZ not a pdf"))
    assert DeliveryActa.objects.get(pk=acta.pk).status == DeliveryActa.Status.DRAFT


def test_the_acta_pdf_renders_from_plain_data():
    data = {
        "vendor": "Digitalizamos SAS",
        "vendor_tax_id": "900123456",
        "contract": "C-2026-01",
        "aql": "2.5",
        "delivery": "S-47",
        "delivered_on": "2026-11-20",
        "unit_price": "850.00",
        "boxes": [
            {
                "code": "CJ-001",
                "forms": 500,
                "rounds": 1,
                "sample_size": 50,
                "accept": 3,
                "reject": 4,
                "nonconforming": 1,
                "status": "accepted",
                "status_label": "Aceptada",
            },
            {
                "code": "CJ-002",
                "forms": 320,
                "rounds": 1,
                "sample_size": 50,
                "accept": 2,
                "reject": 3,
                "nonconforming": 3,
                "inspection": "tightened",
                "inspection_label": "Rigurosa",
                "status": "rejected",
                "status_label": "Rechazada",
            },
        ],
        "accepted_forms": 500,
        "amount": "425000.00",
        "status": "firmada",
        "place": "Bogotá D.C.",
        "signers": [{"name": "Laura Gómez", "role": "Secretaria general"}],
        "observations": "Sin novedad.",
    }
    pdf = acta_pdf(data)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 1500
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "acta.pdf").write_bytes(pdf)


@pytest.mark.django_db
def test_audit_pages_are_for_national_users_only(client, alice, bob, reader, nobody, delivery):
    box = _box(delivery, alice)
    urls = [
        reverse("vendor_audits:audit-vendor-list"),
        reverse("vendor_audits:audit-vendor-detail", args=[delivery.contract.vendor_id]),
        reverse("vendor_audits:audit-delivery-detail", args=[delivery.pk]),
        reverse("vendor_audits:audit-box-detail", args=[box.pk]),
    ]
    assert_statuses(client, urls, {ANONYMOUS: LOGIN, nobody: 403, bob: 403, reader: 200, alice: 200})
    assert_statuses(client, reverse("vendor_audits:audit-start", args=[box.pk]), {reader: 403}, method="post")


@pytest.mark.django_db
def test_a_scoped_admin_does_not_see_vendor_audits(login_as, alice, antioquia, delivery):
    from core.roles import Role
    from core.tests.factories import make_user

    regional_admin = make_user("ramiro", Role.NATIONAL_ADMIN, territories=[antioquia])
    box = _box(delivery, alice)
    client = login_as(regional_admin)
    assert client.get(reverse("vendor_audits:audit-box-detail", args=[box.pk])).status_code == 404
    assert client.post(reverse("vendor_audits:audit-start", args=[box.pk])).status_code == 404


def _submit(client, url, form_id, *, fill=None, check=(), files=None):
    """GET the page, read form #form_id as rendered and post what a browser would send from it."""
    page = client.get(url)
    assert page.status_code == 200
    form = rendered_form(page.content, form_id)
    data = form.data(fill=fill, check=check)
    payload = {key: data.getlist(key) for key in data}
    payload.update(files or {})
    return client.post(form.action, payload)


@pytest.mark.django_db
def test_the_auditor_works_a_box_through_the_pages(login_as, alice, delivery):
    client = login_as(alice)
    delivery_url = reverse("vendor_audits:audit-delivery-detail", args=[delivery.pk])
    response = _submit(client, delivery_url, "box-form", fill={"code": "cj-009", "forms_declared": "30"})
    assert response.status_code == 302
    box = FormBox.objects.get(code="CJ-009")
    box_url = reverse("vendor_audits:audit-box-detail", args=[box.pk])
    _submit(client, box_url, "start-form")
    audit = box.audits.get()
    assert audit.sample_size == 5  # D at AQL 2.5: the arrow leads to n=5, Ac 0
    _submit(client, box_url, "sample-form")
    assert SampleItem.objects.filter(audit=audit, checked=True).count() == 5
    _submit(client, box_url, "decide-form")
    assert FormBox.objects.get(pk=box.pk).status == FormBox.Status.ACCEPTED
    _submit(client, delivery_url, "acta-prepare-form")
    _submit(
        client,
        delivery_url,
        "acta-form",
        fill={"place": "Bogotá D.C.", "signers": "Laura Gómez, Secretaria general\nPedro Ruiz, Interventor"},
    )
    pdf = client.get(reverse("vendor_audits:audit-acta-pdf", args=[delivery.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    _submit(
        client,
        delivery_url,
        "acta-sign-form",
        files={"signed_scan": SimpleUploadedFile("firmada.pdf", SCAN, content_type="application/pdf")},
    )
    assert DeliveryActa.objects.get(delivery=delivery).status == DeliveryActa.Status.SIGNED
    # A signed acta renders no form to edit it, and refuses a hand-made post.
    assert b'id="acta-form"' not in client.get(delivery_url).content
    client.post(reverse("vendor_audits:audit-acta-save", args=[delivery.pk]), {"place": "Cali", "signers": "X, Y"})
    assert DeliveryActa.objects.get(delivery=delivery).place == "Bogotá D.C."
    _submit(client, delivery_url, "acta-approve-form")
    assert DeliveryActa.objects.get(delivery=delivery).status == DeliveryActa.Status.PAYMENT_APPROVED
    vendor_page = client.get(reverse("vendor_audits:audit-vendor-detail", args=[delivery.contract.vendor_id]))
    assert vendor_page.context["history"]["accepted"] == 1


def _manifest(rows: int) -> SimpleUploadedFile:
    lines = ["cedula;nombres;apellidos;fecha_nacimiento"]
    lines += [f"{50_000_000 + n};Persona {n};Apellido;01/01/1980" for n in range(1, rows + 1)]
    return SimpleUploadedFile("manifiesto.csv", ("\n".join(lines) + "\n").encode(), content_type="text/csv")


@pytest.mark.django_db
def test_the_manifest_goes_through_the_roster_pipeline(delivery, alice, medellin):
    from rosters.models import RosterUpload

    with pytest.raises(ValidationError):
        services.box_register(
            actor=alice,
            delivery=delivery,
            code="CJ-100",
            forms_declared=30,
            received_on=date(2026, 11, 20),
            manifest=_manifest(30),
        )
    assert not FormBox.objects.exists()
    assert not RosterUpload.objects.exists()
    box = services.box_register(
        actor=alice,
        delivery=delivery,
        code="CJ-100",
        forms_declared=30,
        received_on=date(2026, 11, 20),
        territory=medellin,
        manifest=_manifest(30),
    )
    upload = box.manifest_upload
    assert upload is not None
    assert upload.territory == medellin
    assert "CJ-100" in upload.consent_location


@pytest.mark.django_db
def test_sampled_forms_are_compared_with_the_manifest_row_at_their_position(delivery, alice, medellin):
    from rosters.models import RosterRow

    box = services.box_register(
        actor=alice,
        delivery=delivery,
        code="CJ-101",
        forms_declared=30,
        received_on=date(2026, 11, 20),
        territory=medellin,
        manifest=_manifest(30),
    )
    # What the roster validation writes: one row per data line (line 1 is the header).
    members = {n: MemberFactory(territory=medellin, id_number=str(50_000_000 + n)) for n in range(1, 31)}
    RosterRow.objects.bulk_create(
        RosterRow(
            upload=box.manifest_upload,
            line=n + 1,
            kind="existing",
            id_type="CC",
            id_number=str(50_000_000 + n),
            first_names=f"Persona {n}",
            last_names="Apellido",
            member=members[n],
        )
        for n in range(1, 31)
    )
    audit = services.audit_start(box=box, actor=alice, seed=5)
    position = audit.positions[2]
    rows = services.manifest_rows(box=box, positions=audit.positions)
    assert rows[position].id_number == str(50_000_000 + position)
    item = services.sample_record(audit=audit, position=position, actor=alice, discrepancies=["signature"])
    assert item.id_number == str(50_000_000 + position)
    assert item.member == members[position]


@pytest.fixture
def audited_box(delivery, alice):
    box = _box(delivery, alice, code="CJ-090", forms=90)
    audit = services.audit_start(box=box, actor=alice, seed=11)
    return box, audit


@pytest.mark.django_db
def test_the_page_records_the_marked_form_nonconforming_and_the_rest_conforming(login_as, alice, audited_box):
    box, audit = audited_box
    second = audit.positions[1]
    _submit(
        login_as(alice),
        reverse("vendor_audits:audit-box-detail", args=[box.pk]),
        "sample-form",
        fill={f"p{second}-notes": "Sin huella"},
        check=(f"p{second}-discrepancies=fingerprint",),
    )
    recorded = dict(SampleItem.objects.filter(audit=audit, checked=True).values_list("position", "discrepancies"))
    assert recorded == {p: (["fingerprint"] if p == second else []) for p in audit.positions}


@pytest.mark.django_db
def test_two_nonconforming_forms_reject_the_box_of_90(login_as, alice, audited_box):
    box, audit = audited_box
    client = login_as(alice)
    url = reverse("vendor_audits:audit-box-detail", args=[box.pk])
    marks = tuple(f"p{p}-discrepancies=names" for p in audit.positions[:2])
    _submit(client, url, "sample-form", check=marks)
    _submit(client, url, "decide-form")
    assert FormBox.objects.get(pk=box.pk).status == FormBox.Status.REJECTED


@pytest.mark.django_db
def test_a_wrong_id_number_refuses_the_page_and_names_the_form(login_as, alice, audited_box):
    box, audit = audited_box
    third = audit.positions[2]
    response = _submit(
        login_as(alice),
        reverse("vendor_audits:audit-box-detail", args=[box.pk]),
        "sample-form",
        fill={f"p{third}-id_number": "12"},
    )
    assert response.status_code == 422
    assert f"Formulario {third}:" in response.content.decode()
    assert not SampleItem.objects.filter(audit=audit, checked=True).exists()


@pytest.mark.django_db
def test_a_refused_page_keeps_what_the_auditor_typed(login_as, alice, audited_box):
    box, audit = audited_box
    first, third = audit.positions[0], audit.positions[2]
    response = _submit(
        login_as(alice),
        reverse("vendor_audits:audit-box-detail", args=[box.pk]),
        "sample-form",
        fill={f"p{third}-id_number": "12", f"p{first}-notes": "Tachones"},
        check=(f"p{first}-discrepancies=date",),
    )
    again = rendered_form(response.content, "sample-form").data()
    assert (again.getlist(f"p{first}-discrepancies"), again[f"p{first}-notes"]) == (["date"], "Tachones")


@pytest.mark.django_db
def test_all_remaining_forms_conform_in_one_click(login_as, alice, audited_box):
    box, audit = audited_box
    services.sample_record(audit=audit, position=audit.positions[0], actor=alice, discrepancies=["date"])
    client = login_as(alice)
    _submit(client, reverse("vendor_audits:audit-box-detail", args=[box.pk]), "rest-form")
    recorded = list(SampleItem.objects.filter(audit=audit).order_by("position").values_list("checked", "discrepancies"))
    assert recorded == [(True, ["date"] if i == 0 else []) for i in range(len(audit.positions))]


@pytest.mark.django_db
def test_a_large_sample_is_recorded_page_by_page(login_as, alice, delivery, django_assert_max_num_queries):
    box = _box(delivery, alice, code="CJ-LARGE", forms=10_000)
    audit = services.audit_start(box=box, actor=alice, seed=5)
    assert audit.sample_size == 200  # code letter L, AQL 2.5 normal
    client = login_as(alice)
    url = reverse("vendor_audits:audit-box-detail", args=[box.pk])
    with django_assert_max_num_queries(25):
        first = client.get(url)
    assert rendered_form(first.content, "sample-form").names >= {f"p{p}-id_number" for p in audit.positions[:50]}
    response = _submit(client, url, "sample-form")
    assert response["Location"].endswith("?pagina=2")
    assert SampleItem.objects.filter(audit=audit, checked=True).count() == 50


@pytest.mark.django_db
def test_the_sample_form_renders_every_field_its_view_requires(login_as, alice, audited_box):
    box, audit = audited_box
    form = rendered_form(
        login_as(alice).get(reverse("vendor_audits:audit-box-detail", args=[box.pk])).content, "sample-form"
    )
    assert form.names == {"csrfmiddlewaretoken", "page"} | {
        f"p{p}-{field}" for p in audit.positions for field in ("id_number", "discrepancies", "notes")
    }


@pytest.mark.django_db
def test_the_audit_log_tells_a_box_decision_in_spanish_with_status_names(login_as, alice, audited_box):
    box, audit = audited_box
    client = login_as(alice)
    url = reverse("vendor_audits:audit-box-detail", args=[box.pk])
    _submit(client, url, "sample-form", check=tuple(f"p{p}-discrepancies=names" for p in audit.positions[:2]))
    _submit(client, url, "decide-form")
    log = client.get(reverse("core:audit-list")).content.decode()
    assert "Formularios no conformes: 2 de 20 muestreados (se acepta con 1 o menos)." in log


@pytest.mark.django_db
def test_the_audit_log_shows_box_status_names_not_codes(login_as, alice, audited_box):
    box, audit = audited_box
    _check_all(audit, alice, bad=2)
    services.audit_decide(audit=audit, actor=alice)
    event = AuditEvent.objects.filter(content_type__model="formbox", object_id=str(box.pk)).latest("id")
    assert event.changes == {"status": ["En auditoría", "Rechazada"]}


@pytest.mark.django_db
def test_the_audit_log_names_the_acta_amount_in_pesos(delivery, alice):
    box = _box(delivery, alice, forms=1500)
    audit = services.audit_start(box=box, actor=alice, seed=1)
    _check_all(audit, alice)
    services.audit_decide(audit=audit, actor=alice)
    acta = services.acta_prepare(delivery=delivery, actor=alice)
    services.acta_update(acta=acta, actor=alice, signers=[{"name": "Laura", "role": "Secretaria"}], place="Cali")
    scan = SimpleUploadedFile("firmada.pdf", SCAN, content_type="application/pdf")
    services.acta_sign(acta=acta, actor=alice, signed_scan=scan)
    event = AuditEvent.objects.filter(content_type__model="deliveryacta").latest("id")
    assert (event.changes, event.message) == ({"status": ["Borrador", "Firmada"]}, "Valor: $ 1.275.000,00.")


@pytest.mark.django_db
def test_a_page_saved_after_the_decision_changes_nothing(login_as, alice, audited_box):
    box, audit = audited_box
    client = login_as(alice)
    url = reverse("vendor_audits:audit-box-detail", args=[box.pk])
    page = client.get(url)
    _check_all(audit, alice, bad=2)
    services.audit_decide(audit=audit, actor=alice)
    form = rendered_form(page.content, "sample-form")
    data = form.data(check=(f"p{audit.positions[5]}-discrepancies=date",))
    response = client.post(form.action, {key: data.getlist(key) for key in data})
    assert "Esta ronda de auditoría ya está decidida." in response.content.decode()
    assert SampleItem.objects.get(audit=audit, position=audit.positions[5]).discrepancies == []
