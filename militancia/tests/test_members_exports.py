import csv
import io

import openpyxl
import pytest

from core.models import AuditEvent
from core.tests.search import search
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(medellin, bogota):
    return [
        MemberFactory(first_names='=HYPERLINK("http://x")', last_names="Pérez", territory=medellin),
        MemberFactory(first_names="Ana", last_names="@SUM(1)", address="-1+2", territory=medellin),
        MemberFactory(first_names="Carmen", last_names="Rojas", territory=bogota),
    ]


def test_the_csv_export_is_scoped_neutralized_and_audited(login_as, bob, members):
    response = login_as(bob).get("/militantes/exportar/csv/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Tipo de documento", "Número de documento", "Nombres"]
    body = "\n".join(",".join(r) for r in rows[1:])
    assert "Rojas" not in body  # Bogotá is out of Bob's scope
    assert "'=HYPERLINK" in body
    assert "'@SUM(1)" in body
    assert "'-1+2" in body
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == bob
    assert "csv" in event.message
    assert "2" in event.message


def test_the_xlsx_export_follows_the_filters(login_as, alice, members):
    client = login_as(alice)
    searched = search(client, "/militantes/", q="ana").wsgi_request.GET.dict()
    response = client.get("/militantes/exportar/xlsx/", searched)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][2] == "Ana"
    assert rows[1][3] == "'@SUM(1)"
    for row in rows:
        for cell in row:
            assert not (isinstance(cell, str) and cell.startswith(("=", "+", "-", "@")))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 1


def test_exports_permission_matrix(client, login_as, nobody, reader, charlie, cundinamarca, members):
    MemberFactory(first_names="Rosa", last_names="Soacha", territory=cundinamarca.children.first())
    assert client.get("/militantes/exportar/csv/").status_code == 302
    assert login_as(nobody).get("/militantes/exportar/csv/").status_code == 403
    client.logout()
    assert login_as(reader).get("/militantes/exportar/xlsx/").status_code == 403
    client.logout()
    text = b"".join(login_as(charlie).get("/militantes/exportar/csv/").streaming_content).decode("utf-8-sig")
    assert "Soacha" in text
    assert "Rojas" not in text
    assert "Pérez" not in text


def test_an_unknown_format_or_too_many_rows_is_refused(login_as, alice, members, settings):
    client = login_as(alice)
    response = client.get("/militantes/exportar/pdf/", follow=True)
    assert "Formato: elija .xlsx o .csv." in response.content.decode()
    settings.MEMBER_EXPORT_MAX_ROWS = 2
    response = client.get("/militantes/exportar/xlsx/", follow=True)
    assert "más de 2 filas" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
    # CSV streams with no cap.
    text = b"".join(client.get("/militantes/exportar/csv/").streaming_content).decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 4
    assert "3 filas" in AuditEvent.objects.get(action=AuditEvent.Action.EXPORT).message


def test_a_mistyped_filter_never_widens_the_export(login_as, alice, members):
    response = login_as(alice).get("/militantes/exportar/csv/", {"joined_from": "31/31/2025"}, follow=True)
    assert "Ingreso desde: ingrese una fecha válida." in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
