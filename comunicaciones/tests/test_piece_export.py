"""The chief exports the piece list as the filters left it: Spanish headers, inert cells, audited."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from comunicaciones.tests.factories import drafting_piece
from core.models import AuditEvent
from core.tests.factories import login


def _sheet(client, **params):
    response = client.get(reverse("comunicaciones:piece-export"), params)
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_export_has_spanish_headers(client, paula, jefa):
    drafting_piece(paula, title="Convocatoria")
    login(client, jefa)
    assert _sheet(client)[0][:3] == ("Título", "Estado", "Solicitado por")


def test_the_export_follows_the_list_filter(client, paula, jefa):
    drafting_piece(paula, title="Convocatoria")
    drafting_piece(paula, title="Infografía")
    login(client, jefa)
    assert [row[0] for row in _sheet(client, q="Info")[1:]] == ["Infografía"]


def test_a_title_that_looks_like_a_formula_is_exported_inert(client, paula, jefa):
    drafting_piece(paula, title='=HYPERLINK("http://x")')
    login(client, jefa)
    assert _sheet(client)[1][0].startswith("'=")


def test_the_export_is_audited(client, paula, jefa):
    drafting_piece(paula, title="Convocatoria")
    login(client, jefa)
    _sheet(client)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, actor=jefa).count() == 1


def test_the_list_links_to_the_export_with_its_filters(client, jefa):
    login(client, jefa)
    page = client.get(reverse("comunicaciones:piece-list"), {"q": "Info"}).content.decode()
    assert f'href="{reverse("comunicaciones:piece-export")}?q=Info"' in page
