"""Roster pages: permission matrix, scope, and each step as a user does it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.tests.factories import make_user, territory
from core.tests.permissions import assert_statuses
from militancia.tests.factories import MemberFactory
from rosters.models import RosterConflict, RosterUpload
from rosters.tests.helpers import confirm_and_import, csv_file, person, process, upload, xlsx_file

Status = RosterUpload.Status


ROSTER_ROWS = [person("20000003"), person("x1", first="=1+1")]


@pytest.fixture
def roster_bytes():
    return xlsx_file(ROSTER_ROWS).read()


@pytest.fixture
def roster(bob, antioquia, roster_bytes):
    """A validated roster of Antioquia: one new, one invalid (a formula in the names)."""
    return process(upload(SimpleUploadedFile("planilla.xlsx", roster_bytes), antioquia, bob))


def test_it_lists_only_rosters_in_scope(login_as, bob, charlie, roster, cundinamarca, django_assert_max_num_queries):
    other = process(upload(xlsx_file([person("20000009", town="Soacha")], title="CUND"), cundinamarca, charlie))
    client = login_as(bob)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("rosters:roster-list"))
    assert response.status_code == 200
    assert f"#{roster.pk}" not in response.text or roster.original_name in response.text
    assert reverse("rosters:roster-detail", args=[roster.pk]) in response.text
    assert reverse("rosters:roster-detail", args=[other.pk]) not in response.text


@pytest.mark.parametrize("name", ["rosters:roster-list", "rosters:roster-upload"])
def test_list_and_upload_permission_matrix(client, login_as, nobody, reader, bob, name):
    url = reverse(name)
    assert client.get(url).status_code == 302  # anonymous → login
    assert login_as(nobody).get(url).status_code == 403
    assert login_as(reader).get(url).status_code == 403
    assert login_as(bob).get(url).status_code == 200


@pytest.mark.parametrize("name", ["rosters:roster-detail", "rosters:roster-mapping", "rosters:roster-errors"])
def test_roster_pages_permission_matrix(client, login_as, nobody, charlie, bob, roster, name):
    url = reverse(name, args=[roster.pk])
    assert client.get(url).status_code == 302
    assert login_as(nobody).get(url).status_code == 403
    assert login_as(charlie).get(url).status_code == 404  # out of scope
    assert login_as(bob).get(url).status_code in (200, 302)


def test_it_uploads_from_the_form_and_shows_the_progress(login_as, bob, antioquia, cundinamarca):
    client = login_as(bob)
    page = client.get(reverse("rosters:roster-upload"))
    assert "Antioquia" in page.text
    assert "Cundinamarca" not in page.text
    response = client.post(
        reverse("rosters:roster-upload"),
        {"file": xlsx_file([person("20000003")]), "territory": antioquia.pk, "consent_location": "Caja 4"},
    )
    roster = RosterUpload.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("rosters:roster-detail", args=[roster.pk])
    detail = client.get(response.url)
    assert 'class="job-progress"' in detail.text
    refused = client.post(
        reverse("rosters:roster-upload"),
        {"file": xlsx_file([person("1")]), "territory": cundinamarca.pk, "consent_location": "Caja 4"},
    )
    assert refused.status_code == 200
    assert RosterUpload.objects.count() == 1


def test_it_tells_who_loaded_the_same_file(login_as, bob, roster, antioquia, roster_bytes):
    response = login_as(bob).post(
        reverse("rosters:roster-upload"),
        {"file": SimpleUploadedFile("otra.xlsx", roster_bytes), "territory": antioquia.pk, "consent_location": "Caja"},
    )
    assert response.status_code == 200
    assert f"#{roster.pk}" in response.text
    assert bob.get_full_name() in response.text
    assert reverse("rosters:roster-detail", args=[roster.pk]) in response.text


def test_it_shows_the_preview_tabs_and_confirms(login_as, bob, roster, django_assert_max_num_queries):
    client = login_as(bob)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("rosters:roster-detail", args=[roster.pk]))
    assert "20000003" in page.text
    assert 'id="confirm-import"' in page.text
    invalid = client.get(reverse("rosters:roster-detail", args=[roster.pk]) + "?tab=invalid")
    assert "x1" in invalid.text or "=1+1" in invalid.text
    assert client.get(reverse("rosters:roster-detail", args=[roster.pk]) + "?tab=bogus").status_code == 404
    response = client.post(reverse("rosters:roster-confirm", args=[roster.pk]))
    assert response.status_code == 302
    roster.refresh_from_db()
    assert roster.status == Status.IMPORTING
    assert roster.confirmed_by == bob
    assert (
        client.post(reverse("rosters:roster-confirm", args=[roster.pk])).status_code == 302
    )  # second click: a message


def test_it_downloads_a_formula_safe_error_report(login_as, bob, roster):
    response = login_as(bob).get(reverse("rosters:roster-errors", args=[roster.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    import io

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][1:4] == ["CÉDULA", "NOMBRES", "APELLIDOS"]
    assert rows[1][0] == 5
    assert rows[1][1] == "x1"
    assert rows[1][2] is None  # a formula with no saved value reads as empty: reported, never run
    assert rows[1][-1]  # the reason


def test_the_error_report_neutralizes_formula_text(login_as, bob, medellin):
    text = 'CÉDULA;NOMBRES;APELLIDOS\n12;=HYPERLINK("http://x");@SUM(A1)\n'
    roster = process(upload(csv_file(text), medellin, bob))
    response = login_as(bob).get(reverse("rosters:roster-errors", args=[roster.pk]))
    import io

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    row = [cell.value for cell in list(sheet.iter_rows())[1]]
    assert row[:4] == [2, "12", '\'=HYPERLINK("http://x")', "'@SUM(A1)"]
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


def test_it_corrects_the_mapping(login_as, alice, antioquia):
    roster = process(
        upload(
            xlsx_file(
                [["1020304050", "Ana", "Gómez", "Medellín"]], header=["IDENT", "NOMBRES", "APELLIDOS", "MUNICIPIO"]
            ),
            antioquia,
            alice,
        )
    )
    client = login_as(alice)
    assert client.get(reverse("rosters:roster-detail", args=[roster.pk])).url == reverse(
        "rosters:roster-mapping", args=[roster.pk]
    )
    page = client.get(reverse("rosters:roster-mapping", args=[roster.pk]))
    assert "IDENT" in page.text
    assert "1020304050" in page.text
    data = {"id_number": "0", "first_names": "1", "last_names": "2", "municipality": "3"}
    response = client.post(reverse("rosters:roster-mapping", args=[roster.pk]), data)
    assert response.status_code == 302
    roster.refresh_from_db()
    assert roster.status == Status.VALIDATING
    assert roster.mapping["id_number"] == 0


def mapping_page_of(login_as, user, territory, rows, header):
    roster = process(upload(xlsx_file(rows, header=header), territory, user))
    assert roster.status == Status.MAPPING
    return login_as(user).get(reverse("rosters:roster-mapping", args=[roster.pk])).text


def test_the_mapping_sample_shows_a_number_cell_document_as_typed(login_as, alice, antioquia):
    # A cédula typed as a number: the sheet reader gives 1800000000.0, shown once as "1800000000,0".
    header = ["IDENT", "NOMBRES", "APELLIDOS", "MUNICIPIO"]
    page = mapping_page_of(login_as, alice, antioquia, [[1800000000.0, "Ana", "Gómez", "Medellín"]], header)
    assert "<td>1800000000</td>" in page
    assert "1800000000,0" not in page


def test_the_mapping_sample_keeps_a_fraction_readable(login_as, alice, antioquia):
    header = ["IDENT", "NOMBRES", "APELLIDOS", "ESTATURA"]
    page = mapping_page_of(login_as, alice, antioquia, [["1020304050", "Ana", "Gómez", 1.65]], header)
    assert "<td>1,65</td>" in page


def test_only_national_admins_roll_back_and_resolve_conflicts(client, login_as, alice, bob, antioquia, bogota):
    MemberFactory(id_number="20000002", territory=bogota)
    roster = confirm_and_import(
        process(upload(xlsx_file([person("20000002"), person("20000003")]), antioquia, bob)), bob
    )
    conflict = RosterConflict.objects.get()
    assert_statuses(
        client,
        [reverse("rosters:roster-rollback", args=[roster.pk]), reverse("rosters:roster-conflict-list")],
        {bob: 403},
    )
    resolve = reverse("rosters:roster-conflict-resolve", args=[conflict.pk])
    assert_statuses(client, resolve, {bob: 403}, method="post", data={"decision": "kept"})
    admin = login_as(alice)
    summary = admin.get(reverse("rosters:roster-detail", args=[roster.pk]))
    assert 'id="roster-summary"' in summary.text
    assert reverse("rosters:roster-rollback", args=[roster.pk]) in summary.text
    assert "20000002" in admin.get(reverse("rosters:roster-conflict-list")).text
    admin.post(reverse("rosters:roster-conflict-resolve", args=[conflict.pk]), {"decision": "kept", "note": "ok"})
    conflict.refresh_from_db()
    assert conflict.status == "kept"
    assert admin.post(reverse("rosters:roster-rollback", args=[roster.pk])).status_code == 302
    roster.refresh_from_db()
    assert roster.status == Status.ROLLED_BACK


def test_a_scoped_user_without_a_roster_role_gets_403(login_as, roster, cundinamarca):
    other = make_user("otra", *[], territories=[cundinamarca])
    assert login_as(other).get(reverse("rosters:roster-detail", args=[roster.pk])).status_code == 403


def test_the_confirm_button_promises_only_the_blanks_it_will_fill(login_as, bob, antioquia, medellin):
    """An already-registered member whose data only differs from the roster is not updated:
    the button must not count them (the summary then said "0 updated")."""
    MemberFactory(
        id_number="20000004",
        territory=medellin,
        phone="+573009999999",
        email="otra@example.org",
        birth_date=datetime.date(1970, 1, 1),
        address="Carrera 9",
    )
    rows = [person("20000003"), person("20000004")]
    roster = process(upload(xlsx_file(rows), antioquia, bob))
    page = login_as(bob).get(reverse("rosters:roster-detail", args=[roster.pk]))
    assert "Confirmar: importar 1 nuevos y completar datos vacíos de 0 ya registrados" in page.text


def test_a_conflict_does_not_tell_the_coordinator_where_an_out_of_scope_member_is(
    login_as, bob, antioquia, territories
):
    MemberFactory(id_number="20000005", territory=territory("25245"))  # a municipality of Cundinamarca
    roster = process(upload(xlsx_file([person("20000005")]), antioquia, bob))
    page = login_as(bob).get(reverse("rosters:roster-detail", args=[roster.pk]) + "?tab=conflict")
    assert territory("25245").name not in page.text


def test_a_conflict_outside_the_coordinators_scope_says_it_needs_national_review(login_as, bob, antioquia, territories):
    MemberFactory(id_number="20000005", territory=territory("25245"))  # a municipality of Cundinamarca
    roster = process(upload(xlsx_file([person("20000005")]), antioquia, bob))
    page = login_as(bob).get(reverse("rosters:roster-detail", args=[roster.pk]) + "?tab=conflict")
    assert "Requiere revisión nacional" in page.text


def test_an_upload_with_no_file_says_which_field_is_missing(login_as, bob, antioquia):
    response = login_as(bob).post(
        reverse("rosters:roster-upload"), {"territory": antioquia.pk, "consent_location": "Caja 4"}
    )
    assert "Archivo de la planilla: este campo es obligatorio." in response.text
