"""Suppression through the rendered pages reaches every copy of the person's data (issue 11, blocker 2).

Two national administrators use /derechos/supresiones/ as the page renders it (the test posts only the
fields of the rendered forms); then no page, API or registered model shows a personal value of the member,
while the audit trail keeps every event.
"""

from __future__ import annotations

import json
import os
from datetime import date
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import InternalError, connection, transaction
from django.urls import reverse

from attention.tests.factories import make_request
from core.audit import audit_record
from core.models import AuditEvent, User
from core.roles import Role
from core.tests.factories import make_user
from militancia.models import Member
from militancia.personal_data import registered
from militancia.services.members import member_change_status, member_register, member_update
from militancia.tests.factories import MemberFactory
from rosters.models import RosterRow, RosterUpload

SECRETS = [
    "71234567",
    "Rosa Elena",
    "Quintero",
    "1980-03-14",
    "14/03/1980",
    "3015550101",
    "3015550199",
    "rosa.quintero@example.org",
    "Carrera 45",
    "Lo pidió por teléfono",
]


class _Forms(HTMLParser):
    """The forms of a page: action, and the (name, value) pairs a browser would send, buttons apart."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}, "buttons": []})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            if a.get("type") in ("submit", "button"):
                self.forms[-1]["buttons"].append((a["name"], a.get("value", "")))
            elif a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.forms[-1]["fields"][a["name"]] = a.get("value", "")
        elif tag == "button" and a.get("name"):
            self.forms[-1]["buttons"].append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
            self.forms[-1]["fields"].setdefault(self._select, "")
        elif tag == "option" and self._select and ("selected" in a):
            self.forms[-1]["fields"][self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.forms[-1]["fields"][self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def rendered_forms(response) -> list[dict]:
    parser = _Forms()
    parser.feed(response.content.decode())
    return parser.forms


@pytest.fixture
def diana(db):
    return make_user("diana", Role.NATIONAL_ADMIN)


@pytest.fixture(autouse=True)
def staff_named_unlike_her(alice, diana):
    """Staff names come from Faker and show in the page header: fix them so none can match hers."""
    User.objects.filter(pk__in=[alice.pk, diana.pk]).update(first_name="Ana", last_name="Administradora")


@pytest.fixture
def rosa(alice, medellin):
    """A member with every kind of personal data, changed once, who then resigned."""
    member = member_register(
        actor=alice,
        id_number="71234567",
        first_names="Rosa Elena",
        last_names="Quintero Vélez",
        territory=medellin,
        birth_date=date(1980, 3, 14),
        sex="F",
        phone="3015550101",
        email="rosa.quintero@example.org",
        address="Carrera 45 # 12-34",
        consent_date=date(2024, 2, 1),
        consent_channel=Member.ConsentChannel.PAPER,
        consent_evidence="Formulario firmado, Rosa Elena Quintero",
    )
    member_update(member=member, actor=alice, data={"phone": "3015550199"})
    member_change_status(member=member, actor=alice, to_status=Member.Status.RESIGNED, reason="Renuncia por carta")
    return Member.objects.get(pk=member.pk)


@pytest.fixture
def copies(rosa, alice, medellin):
    """Copies of her data in other places: a roster row, a request, poll watcher rows (linked and by document)."""
    upload = RosterUpload.objects.create(
        original_name="planilla.xlsx",
        territory=medellin,
        consent_location="Sede",
        uploaded_by=alice,
        sha256="a" * 64,
        sample=[["71234567", "Rosa Elena Quintero"]],
    )
    RosterRow.objects.create(
        upload=upload,
        line=2,
        kind="existing",
        id_type="CC",
        id_number="71234567",
        first_names="Rosa Elena",
        last_names="Quintero Vélez",
        phone="3015550101",
        raw={"cedula": "71234567", "nombre": "Rosa Elena Quintero", "correo": "rosa.quintero@example.org"},
        member=rosa,
    )
    make_request(
        territory=medellin,
        actor=alice,
        member=rosa,
        requester_id_number="71234567",
        requester_name="Rosa Elena Quintero",
        email="rosa.quintero@example.org",
        phone="3015550101",
    )
    Election = apps.get_model("electoral", "Election")
    PollWatcher = apps.get_model("electoral", "PollWatcher")
    elections = [
        Election.objects.create(name=f"Elecciones {year}", kind="council", date=date(year, 10, 29))
        for year in (2023, 2027)
    ]
    watchers = [
        PollWatcher.objects.create(
            election=elections[0],
            member=rosa,
            id_number="71234567",
            first_names="Rosa Elena",
            last_names="Quintero Vélez",
            phone="3015550101",
            email="rosa.quintero@example.org",
            territory=medellin,
            evaluation_notes="Rosa llegó tarde",
        ),
        # Recruited by document before anyone linked her record.
        PollWatcher.objects.create(
            election=elections[1],
            id_number="71234567",
            first_names="Rosa Elena",
            last_names="Quintero",
            phone="3015550101",
            territory=medellin,
        ),
    ]
    for watcher in watchers:
        audit_record(actor=alice, action=AuditEvent.Action.CREATE, obj=watcher, message="Lo pidió por teléfono")
    return {"elections": elections, "watchers": watchers}


def _suppress_through_the_pages(login_as, alice, diana, member):
    first = login_as(alice)
    page = first.get(reverse("data_rights:rights-suppressions"))
    form = next(f for f in rendered_forms(page) if "id_number" in f["fields"])
    data = {**form["fields"], "id_type": "CC", "id_number": "71234567", "reason": "Lo pidió por teléfono"}
    assert first.post(reverse("data_rights:rights-suppressions"), data).status_code == 302
    second = login_as(diana)
    page = second.get(reverse("data_rights:rights-suppressions"))
    confirm = next(f for f in rendered_forms(page) if ("action", "confirm") in f["buttons"])
    response = second.post(confirm["action"], {**confirm["fields"], "action": "confirm"})
    assert response.status_code == 302
    return login_as(alice)


def _leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


@pytest.fixture
def suppressed(login_as, alice, diana, rosa, copies):
    events_before = AuditEvent.objects.filter(object_id=str(rosa.pk), content_type__model="member").count()
    client = _suppress_through_the_pages(login_as, alice, diana, rosa)
    return {"client": client, "member": Member.objects.get(pk=rosa.pk), "events_before": events_before, **copies}


@pytest.mark.django_db
def test_the_pages_show_her_data_before_the_suppression(login_as, alice, rosa, copies):
    """The checks below would catch a leak: before suppression the same pages do show her data."""
    response = login_as(alice).get(reverse("militancia:member-detail", args=[rosa.pk]))
    assert "rosa.quintero@example.org" in response.content.decode()


@pytest.mark.django_db
def test_the_audit_page_shows_her_data_before_the_suppression(login_as, alice, rosa, copies):
    url = reverse("core:audit-list") + f"?object_type=member&object_id={rosa.pk}"
    assert "3015550199" in login_as(alice).get(url).content.decode()


@pytest.mark.django_db
def test_the_suppression_is_done(suppressed):
    assert suppressed["member"].anonymized_at is not None


@pytest.mark.django_db
def test_the_member_page_and_its_history_show_no_personal_value(suppressed):
    response = suppressed["client"].get(reverse("militancia:member-detail", args=[suppressed["member"].pk]))
    assert _leaks(response.content.decode()) == []


@pytest.mark.django_db
def test_the_member_page_offers_edit_before_the_suppression(login_as, alice, rosa):
    response = login_as(alice).get(reverse("militancia:member-detail", args=[rosa.pk]))
    assert reverse("militancia:member-edit", args=[rosa.pk]) in response.content.decode()


@pytest.mark.django_db
def test_the_suppressed_member_page_offers_no_edit_the_service_would_refuse(suppressed):
    member = suppressed["member"]
    response = suppressed["client"].get(reverse("militancia:member-detail", args=[member.pk]))
    assert reverse("militancia:member-edit", args=[member.pk]) not in response.content.decode()


@pytest.mark.django_db
def test_the_member_history_says_dato_suprimido(suppressed):
    response = suppressed["client"].get(reverse("militancia:member-detail", args=[suppressed["member"].pk]))
    assert "dato suprimido" in response.content.decode()


@pytest.mark.django_db
def test_the_audit_page_filtered_to_the_member_shows_no_personal_value(suppressed):
    url = reverse("core:audit-list") + f"?object_type=member&object_id={suppressed['member'].pk}"
    assert _leaks(suppressed["client"].get(url).content.decode()) == []


@pytest.mark.django_db
def test_the_audit_page_shows_no_personal_value_at_all(suppressed):
    assert _leaks(suppressed["client"].get(reverse("core:audit-list")).content.decode()) == []


@pytest.mark.django_db
def test_the_audit_api_shows_no_personal_value(suppressed):
    response = suppressed["client"].get("/api/v1/core/audit-events/")
    assert response.status_code == 200
    assert _leaks(json.dumps(response.json(), ensure_ascii=False)) == []


@pytest.mark.django_db
def test_the_audit_trail_keeps_every_event(suppressed):
    after = AuditEvent.objects.filter(
        object_id=str(suppressed["member"].pk),
        content_type__model="member",
        created_at__lte=suppressed["member"].anonymized_at,
    ).count()
    assert after == suppressed["events_before"]


@pytest.mark.django_db
def test_the_audit_log_still_refuses_raw_updates_after_a_suppression(suppressed):
    with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET message = 'x'")


@pytest.mark.django_db
def test_the_poll_watcher_pages_show_no_personal_value(suppressed):
    client = suppressed["client"]
    pages = [
        client.get(reverse("electoral:watcher-list", args=[election.pk])).content.decode()
        for election in suppressed["elections"]
    ]
    pages += [
        client.get(reverse("electoral:watcher-detail", args=[w.election_id, w.pk])).content.decode()
        for w in suppressed["watchers"]
    ]
    assert _leaks("".join(pages)) == []


@pytest.mark.django_db
def test_the_poll_watcher_api_shows_no_personal_value(suppressed):
    response = suppressed["client"].get("/api/v1/electoral/poll-watchers/")
    assert response.status_code == 200
    assert _leaks(json.dumps(response.json(), ensure_ascii=False)) == []


@pytest.mark.django_db
def test_the_roster_rows_keep_no_personal_value(suppressed):
    rows = list(RosterRow.objects.values())
    upload = list(RosterUpload.objects.values("sample"))
    assert _leaks(str(rows + upload)) == []


@pytest.mark.django_db
def test_no_registered_model_keeps_a_personal_value(suppressed):
    """Every row of every registered model, whoever it belongs to: none holds her data any more."""
    kept = {
        entry.label: _leaks(str(list(entry.model._base_manager.values(*entry.fields))))
        for entry in registered()
        if entry.fields
    }
    assert {label: leaks for label, leaks in kept.items() if leaks} == {}


@pytest.mark.django_db
def test_no_audit_value_of_hers_is_left(suppressed):
    values = list(apps.get_model("core", "AuditPersonalValue").objects.values("old", "new"))
    assert _leaks(json.dumps(values, ensure_ascii=False)) == []


@pytest.mark.django_db
def test_the_data_report_of_a_member_shows_local_dd_mm_yyyy_dates(rosa):
    from data_rights.selectors import member_data_report

    text = json.dumps(member_data_report(member=rosa), ensure_ascii=False, default=str)
    assert "14/03/1980" in text


@pytest.mark.django_db
def test_the_data_report_has_no_iso_dates_or_utc_times(rosa, copies):
    import re

    from django.utils import timezone

    from data_rights.selectors import member_data_report

    data = member_data_report(member=rosa)
    text = json.dumps(data, ensure_ascii=False, default=str)
    local_created = timezone.localtime(rosa.created_at).strftime("%d/%m/%Y %H:%M")
    assert (re.findall(r"\d{4}-\d{2}-\d{2}", text), local_created in text) == ([], True)


@pytest.mark.django_db
def test_the_data_report_pdf_lists_the_registered_copies(login_as, alice, rosa, copies, tmp_path):
    """The PDF a member receives (saved under test-artifacts/ to look at)."""
    from pathlib import Path

    response = login_as(alice).get(reverse("data_rights:rights-data-report", args=[rosa.pk]))
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts" / "data_rights"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "data_report.pdf").write_bytes(response.content)
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_the_suppression_deletes_her_files_from_storage(
    alice, diana, rosa, medellin, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from attention.models import AttentionAttachment
    from carnets.photos import card_photo_copies
    from carnets.tests.factories import jpeg_bytes
    from data_rights import services

    rosa.photo.save("foto.jpg", ContentFile(jpeg_bytes(size=(480, 600))), save=True)
    card_copy = card_photo_copies(rosa.photo)  # made when the photo was stored, for her cards
    assert len(card_copy) == 1
    rosa.signature.save("firma.png", ContentFile(b"\x89PNG firma"), save=True)
    request = make_request(territory=medellin, actor=alice, member=rosa)
    attachment = AttentionAttachment(request=request, name="cedula.pdf")
    attachment.file.save("cedula.pdf", ContentFile(b"%PDF cedula"), save=True)
    stored = [rosa.photo, rosa.signature, attachment.file]
    names = [(f.storage, f.name) for f in stored]
    suppression = services.suppression_request(actor=alice, member=rosa, reason="Pidió supresión")
    with django_capture_on_commit_callbacks(execute=True):
        services.suppression_confirm(actor=diana, request=suppression)
    assert [name for storage, name in names if storage.exists(name)] == []
    assert not os.path.exists(card_copy[0])


@pytest.mark.django_db
def test_suppression_also_clears_the_roster_copies(alice, diana, medellin):
    from data_rights import services
    from rosters.models import RosterRow, RosterUpload

    resigned = MemberFactory(
        territory=medellin, status=Member.Status.RESIGNED, first_names="Rosa", last_names="Quintero"
    )

    upload = RosterUpload.objects.create(
        original_name="planilla.xlsx", territory=medellin, consent_location="Sede", uploaded_by=alice, sha256="x" * 64
    )
    RosterRow.objects.create(
        upload=upload,
        line=2,
        kind="existing",
        id_number=resigned.id_number,
        first_names="Rosa",
        last_names="Quintero",
        raw={"nombre": "Rosa Quintero"},
        member=resigned,
    )
    suppression = services.suppression_request(actor=alice, member=resigned, reason="Pidió supresión")
    services.suppression_confirm(actor=diana, request=suppression)
    row = RosterRow.objects.get(upload=upload, line=2)
    assert (row.raw, row.first_names, row.id_number) == (None, "", f"ANON{resigned.pk}")
