"""The registry's other stored files (roster uploads, attention attachments, signed actas, national
reports) through the protected view: bytes for who may read them, nothing for anyone else.

Their pages link to their own download views (tested with them); these tests use `.url`, the
address any template, form or serializer gets."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from attention.models import AttentionAttachment
from attention.tests.factories import make_request
from core.models import AuditEvent
from core.tests.files import PDF, body
from rosters.models import RosterUpload
from targets.models import NationalReport
from vendor_audits.models import Delivery, DeliveryActa, Vendor
from vendor_audits.models import VendorContract as Contract

pytestmark = pytest.mark.django_db
XLSX = b"PK\x03\x04 roster bytes"


def roster_file(antioquia, bob, **_):
    upload = RosterUpload(original_name="planilla.xlsx", sha256="0" * 64, territory=antioquia, uploaded_by=bob)
    upload.file.save("planilla.xlsx", ContentFile(XLSX))
    return upload, "file", XLSX


def attention_attachment(medellin, bob, **_):
    request = make_request(territory=medellin, actor=bob)  # the service checks who files it
    item = AttentionAttachment(request=request, name="derecho-de-peticion.pdf")
    item.file.save("peticion.pdf", ContentFile(PDF))
    return item, "file", PDF


def signed_acta(**_):
    vendor = Vendor.objects.create(name="Digitalizadora S. A. S.")
    contract = Contract.objects.create(vendor=vendor, number="C-1", unit_price=1000, starts_on=date(2026, 1, 1))
    delivery = Delivery.objects.create(contract=contract, number="E-1", delivered_on=date(2026, 2, 1))
    acta = DeliveryActa(delivery=delivery)
    acta.signed_scan.save("acta-firmada.pdf", ContentFile(PDF))
    return acta, "signed_scan", PDF


def national_report(**_):
    report = NationalReport(period=date(2026, 11, 1))
    report.file.save("informe-2026-11.pdf", ContentFile(PDF))
    return report, "file", PDF


# builder, who may read it (fixture name), outsider of another territory (or None: national only), audited
CASES = {
    "roster-file": (roster_file, "bob", "charlie", True),
    "attention-attachment": (attention_attachment, "bob", "charlie", True),
    "signed-acta": (signed_acta, "reader", None, True),
    "national-report": (national_report, "alice", None, False),
}


@pytest.fixture(params=list(CASES), ids=list(CASES))
def case(request, antioquia, medellin, bob):
    build, allowed, outsider, personal = CASES[request.param]
    obj, field, content = build(antioquia=antioquia, medellin=medellin, bob=bob)
    return {
        "url": getattr(obj, field).url,
        "content": content,
        "allowed": request.getfixturevalue(allowed),
        "outsider": request.getfixturevalue(outsider) if outsider else None,
        "personal": personal,
    }


def test_it_serves_the_file_to_who_may_read_it(login_as, case):
    response = login_as(case["allowed"]).get(case["url"])
    assert (response.status_code, body(response)) == (200, case["content"])


def test_it_sends_anonymous_users_to_log_in(case):
    assert Client().get(case["url"]).status_code == 302


def test_it_forbids_a_user_without_role(login_as, nobody, case):
    assert login_as(nobody).get(case["url"]).status_code == 403


@pytest.mark.parametrize("case", [name for name, spec in CASES.items() if spec[2]], indirect=True)
def test_it_hides_the_file_from_another_territory(login_as, case):
    assert login_as(case["outsider"]).get(case["url"]).status_code == 404


def test_a_coordinator_cannot_open_national_files(login_as, bob, antioquia, medellin):
    acta, field, _content = signed_acta()
    assert login_as(bob).get(acta.signed_scan.url).status_code == 403


def test_personal_files_are_audited_once_per_download(login_as, case):
    before = AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).count()
    login_as(case["allowed"]).get(case["url"])
    added = AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).count() - before
    assert added == (1 if case["personal"] else 0)
