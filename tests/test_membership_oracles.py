"""Membership is not an oracle across territories: typing another territory's member's document
(member form, API, drive, roster) tells the outsider only that it requires national review, and
the case waits in the national queue. Pages are driven as a browser would: only rendered fields."""

from __future__ import annotations

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.authtoken.models import Token

from carnets.tests.factories import CardDesignFactory, JornadaFactory, png_bytes, stocked_printer
from carnets.tests.pageform import page_form
from core.roles import Role
from core.tests.factories import make_user
from core.tests.search import search
from electoral.services.watchers import watcher_recruit
from electoral.tests.factories import ElectionFactory
from militancia.models import Member, RegistrationConflict
from militancia.tests.factories import MemberFactory
from rosters.tests.helpers import person, process, upload, xlsx_file

REVIEW = "requiere revisión nacional"


@pytest.fixture
def held_in_bogota(bogota):
    """The member an outsider from Antioquia must learn nothing about."""
    return MemberFactory(territory=bogota, id_number="52345678", first_names="Rosalba", last_names="Quintanilla")


# --- member form -------------------------------------------------------------------------------


@pytest.fixture
def member_form_post(client, login_as, bob, medellin, held_in_bogota):
    """Bob (Antioquia) fills the new-member form with the Bogotá member's document."""
    login_as(bob)
    data, names = page_form(client.get("/militantes/nuevo/").content.decode(), "member-form")
    typed = {
        "id_number": held_in_bogota.id_number,
        "first_names": "Rosa",
        "last_names": "Quintana",
        "territory": str(medellin.pk),
        "consent_date": timezone.localdate().isoformat(),
        "consent_channel": Member.ConsentChannel.PAPER,
    }
    assert set(typed) <= set(names)
    return client.post("/militantes/nuevo/", {**data, **typed})


def test_member_form_says_it_requires_national_review(member_form_post):
    assert REVIEW in member_form_post.content.decode()


def test_member_form_does_not_name_the_member(member_form_post):
    assert "Quintanilla" not in member_form_post.content.decode()


def test_member_form_does_not_say_already_registered(member_form_post):
    assert "ya está registrado" not in member_form_post.content.decode()


def test_member_form_sends_the_case_to_the_national_queue(member_form_post, held_in_bogota, medellin):
    conflict = RegistrationConflict.objects.get(member=held_in_bogota)
    assert (conflict.proposed_territory, conflict.source) == (medellin, "manual")


def test_member_form_registers_nobody(member_form_post):
    assert Member.objects.count() == 1


def test_the_queue_is_not_shown_to_a_coordinator(member_form_post, client):
    assert RegistrationConflict.objects.visible_to(member_form_post.wsgi_request.user).count() == 0


def test_the_national_administrator_sees_the_case_in_the_queue(member_form_post, client, login_as, alice):
    login_as(alice)
    assert "Quintanilla" in client.get("/planillas/conflictos/").content.decode()


def test_the_national_administrator_moves_the_member(member_form_post, client, login_as, alice, held_in_bogota):
    login_as(alice)
    page = client.get("/planillas/conflictos/").content.decode()
    conflict = RegistrationConflict.objects.get()
    form_id = f"registration-conflict-{conflict.pk}"
    data, _names = page_form(page, form_id)
    client.post(f"/planillas/conflictos/registros/{conflict.pk}/resolver/", {**data, "decision": "moved"})
    held_in_bogota.refresh_from_db()
    assert held_in_bogota.territory == conflict.proposed_territory


# --- API ---------------------------------------------------------------------------------------


@pytest.fixture
def api_post(client, bob, medellin, held_in_bogota):
    token = Token.objects.get_or_create(user=bob)[0].key
    body = {
        "id_type": "CC",
        "id_number": "52.345.678",
        "first_names": "Rosa",
        "last_names": "Quintana",
        "territory": medellin.code,
        "consent_date": timezone.localdate().isoformat(),
        "consent_channel": "web",
    }
    return client.post(
        "/api/v1/militancia/members/", body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
    )


def test_api_answers_only_national_review(api_post):
    assert api_post.json() == {
        "id_number": ["Este documento requiere revisión nacional: la oficina nacional le hará seguimiento."]
    }


def test_api_sends_the_case_to_the_national_queue(api_post, held_in_bogota):
    assert RegistrationConflict.objects.get(member=held_in_bogota).source == "api"


# --- registration drive ------------------------------------------------------------------------


@pytest.fixture
def drive(medellin):
    CardDesignFactory()
    return JornadaFactory(territory=medellin, printer=stocked_printer(5))


@pytest.fixture
def drive_operator(antioquia):
    return make_user("operadora", Role.CARDS, territories=[antioquia])


@pytest.fixture
def drive_lookup(client, login_as, drive_operator, drive, held_in_bogota):
    login_as(drive_operator)
    return search(client, f"/jornadas/{drive.pk}/registro/", id_type="CC", id_number=held_in_bogota.id_number)


def test_drive_lookup_shows_a_blank_registration_form(drive_lookup):
    data, _names = page_form(drive_lookup.content.decode(), "registration-form")
    assert (data.get("first_names"), data.get("member", "")) == ("", "")


def test_drive_lookup_does_not_say_where_the_document_is(drive_lookup):
    assert "registrado fuera de su alcance" not in drive_lookup.content.decode()


@pytest.fixture
def drive_post(client, drive_lookup, drive):
    data, _names = page_form(drive_lookup.content.decode(), "registration-form")
    signature = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    typed = {"first_names": "Rosa", "last_names": "Quintana", "consent": "on", "signature": signature}
    return client.post(f"/jornadas/{drive.pk}/registro/", {**data, **typed})


def test_drive_registration_says_it_requires_national_review(drive_post):
    assert REVIEW in drive_post.content.decode()


def test_drive_registration_does_not_name_the_member(drive_post):
    assert "Quintanilla" not in drive_post.content.decode()


def test_drive_registration_sends_the_case_to_the_national_queue(drive_post, held_in_bogota, drive):
    conflict = RegistrationConflict.objects.get(member=held_in_bogota)
    assert (conflict.source, conflict.source_ref) == ("jornada", str(drive.pk))


# --- roster uploaded twice ---------------------------------------------------------------------


@pytest.fixture
def second_upload(client, login_as, bob, charlie, antioquia, cundinamarca):
    """Bob (Antioquia) uploaded a file; Charlie (Cundinamarca) uploads the same bytes."""
    content = xlsx_file([person("1017000001")]).read()
    first = upload(SimpleUploadedFile("planilla.xlsx", content), antioquia, bob, auto_validate=False)
    login_as(charlie)
    data, names = page_form(client.get("/planillas/nueva/").content.decode(), "roster-upload-form")
    assert {"territory", "consent_location"} <= set(names)
    typed = {"territory": str(cundinamarca.pk), "consent_location": "Sede Bogotá, caja 1"}
    response = client.post("/planillas/nueva/", {**data, **typed, "file": SimpleUploadedFile("p.xlsx", content)})
    return first, response


def test_duplicate_roster_does_not_name_the_other_uploader(second_upload, bob):
    _first, response = second_upload
    assert bob.get_full_name() not in response.content.decode()


def test_duplicate_roster_does_not_give_the_other_roster_number(second_upload):
    first, response = second_upload
    assert f"#{first.pk}" not in response.content.decode()


def test_duplicate_roster_says_nothing_is_imported_twice(second_upload):
    _first, response = second_upload
    assert "nada se importa dos veces" in response.content.decode()


@pytest.fixture
def conflict_tab(client, login_as, bob, antioquia, held_in_bogota):
    """Bob's roster names the Bogotá member; he opens the rows the roster could not take."""
    roster = process(upload(xlsx_file([person(held_in_bogota.id_number)]), antioquia, bob))
    login_as(bob)
    return client.get(f"/planillas/{roster.pk}/", {"tab": "conflict"}).content.decode()


def test_roster_conflict_rows_say_they_require_national_review(conflict_tab):
    assert "<td>Requiere revisión nacional</td>" in conflict_tab


def test_roster_conflict_rows_do_not_say_where_the_member_is(conflict_tab):
    assert "Bogotá" not in conflict_tab


# --- poll watcher API --------------------------------------------------------------------------


def test_watcher_api_hides_an_out_of_scope_member(client, medellin, held_in_bogota, antioquia):
    secretary = make_user("sec_antioquia", Role.ELECTORAL, territories=[antioquia])
    watcher_recruit(
        actor=secretary,
        election=ElectionFactory(),
        territory=medellin,
        role="table",
        id_number=held_in_bogota.id_number,
        first_names="Rosa",
        last_names="Quintana",
    )
    token = Token.objects.get_or_create(user=secretary)[0].key
    rows = client.get("/api/v1/electoral/poll-watchers/", HTTP_AUTHORIZATION=f"Token {token}").json()["results"]
    assert [row["member"] for row in rows] == [None]


def test_watcher_api_shows_a_member_in_scope_to_the_national_office(client, medellin, held_in_bogota):
    secretary = make_user("secretary", Role.ELECTORAL)
    watcher = watcher_recruit(
        actor=secretary, election=ElectionFactory(), territory=medellin, role="table", member=held_in_bogota
    )
    token = Token.objects.get_or_create(user=secretary)[0].key
    rows = client.get("/api/v1/electoral/poll-watchers/", HTTP_AUTHORIZATION=f"Token {token}").json()["results"]
    assert [row["member"] for row in rows] == [watcher.member_id]
