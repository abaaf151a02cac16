"""The column-mapping step of the geography and results imports, as the secretary goes through it.

Each test uploads on the page, lets the task do what the worker does, then reads the rendered
mapping form and posts exactly the fields it renders (changing only the selects a person changes).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.tabular import map_columns
from electoral.models import BallotOption, ElectoralUnit, GeographyImport, ResultImport, TableResult
from electoral.services.geography import GEO_FIELDS
from electoral.services.import_columns import compose_key
from electoral.services.results_import import RESULT_FIELDS
from electoral.tasks import import_geography, import_results
from electoral.tests.factories import ElectionFactory
from electoral.tests.mapping_forms import MappingForm

pytestmark = pytest.mark.django_db


def upload_geography(client, text: str, capture) -> GeographyImport:
    with capture(execute=False):
        response = client.post(
            reverse("electoral:geography-import"), {"file": SimpleUploadedFile("catastro.csv", text.encode())}
        )
    assert response.status_code == 302
    item = GeographyImport.objects.latest("pk")
    import_geography(item.job_id, item.pk)  # what the worker does
    return item


def confirm_geography(client, item, capture, change=None) -> tuple:
    detail = reverse("electoral:geography-import-detail", args=[item.pk])
    columns_url = client.get(detail).url
    assert columns_url == reverse("electoral:geography-import-columns", args=[item.pk])
    form = MappingForm(client.get(columns_url).text)
    if change:
        change(form)
    with capture(execute=False):
        response = client.post(columns_url, form.data())
    item.refresh_from_db()
    if response.status_code == 302:
        import_geography(item.job_id, item.pk)
        item.refresh_from_db()
    return item, response


def registered(code: str) -> int:
    return ElectoralUnit.objects.get(code=code).registered_voters


# --- headers of official files ------------------------------------------------------------------


def test_registraduria_geography_headers_are_recognised():
    header = ["Cod. Departamento", "Cod. Municipio", "Zona", "Puesto", "Mesa", "Nombre puesto", "N° de inscritos"]
    assert map_columns(header, GEO_FIELDS) == {
        "region_part": 0,
        "municipality_part": 1,
        "zone_part": 2,
        "place_part": 3,
        "table_part": 4,
        "name": 5,
        "registered": 6,
    }


@pytest.mark.parametrize("voters", ["Potencial electoral", "Inscritos", "N° de inscritos", "Nº de inscritos"])
def test_registraduria_names_of_registered_voters_are_recognised(voters):
    assert map_columns(["Clave", voters], GEO_FIELDS) == {"code": 0, "registered": 1}


def test_registraduria_results_headers_are_recognised():
    header = ["Cod. Departamento", "Cod. Municipio", "Zona", "Puesto", "Mesa", "Partido", "Votos"]
    assert map_columns(header, RESULT_FIELDS) == {
        "region_part": 0,
        "municipality_part": 1,
        "zone_part": 2,
        "place_part": 3,
        "table_part": 4,
        "option_name": 5,
        "votes": 6,
    }


def test_ine_geography_headers_are_recognised():
    header = ["ID_ESTADO", "ID_DISTRITO", "SECCION", "CASILLA", "LISTA_NOMINAL"]
    assert map_columns(header, GEO_FIELDS) == {
        "region_part": 0,
        "district_part": 1,
        "section_part": 2,
        "table_part": 3,
        "registered": 4,
    }


def test_ine_results_headers_are_recognised_without_taking_the_total_for_the_votes():
    header = ["ID_ESTADO", "ID_DISTRITO", "SECCION", "CASILLA", "LISTA_NOMINAL", "TOTAL_VOTOS", "PAN", "PRI"]
    assert map_columns(header, RESULT_FIELDS) == {
        "region_part": 0,
        "district_part": 1,
        "section_part": 2,
        "table_part": 3,
    }


def test_a_split_key_is_put_together_like_the_geography_codes():
    parts = {"region_part": "5", "municipality_part": "1", "zone_part": "1", "place_part": "2", "table_part": "7"}
    assert compose_key(values=parts) == "05001-01-02-007"


def test_an_ine_key_keeps_the_casilla_as_written():
    parts = {"region_part": "9", "district_part": "5", "section_part": "123", "table_part": "C1"}
    assert compose_key(values=parts) == "09-05-0123-C1"


# --- geography re-import -------------------------------------------------------------------------


def test_a_reimport_with_n_de_inscritos_updates_the_voters(
    login_as, secretary, geo, django_capture_on_commit_callbacks
):
    client = login_as(secretary)
    item = upload_geography(
        client, "Clave;N° de inscritos\n05001-P1-M1;250\n05001-P1-M2;260\n", django_capture_on_commit_callbacks
    )
    item, _response = confirm_geography(client, item, django_capture_on_commit_callbacks)
    assert item.status == GeographyImport.Status.DONE, item.error_message
    assert (registered("05001-P1-M1"), registered("05001-P1-M2"), registered("05001-P1-M3")) == (250, 260, 100)


def test_the_mapping_page_preselects_n_de_inscritos(login_as, secretary, geo, django_capture_on_commit_callbacks):
    client = login_as(secretary)
    item = upload_geography(client, "Clave;N° de inscritos\n05001-P1-M1;250\n", django_capture_on_commit_callbacks)
    form = MappingForm(client.get(reverse("electoral:geography-import-columns", args=[item.pk])).text)
    assert form.selected("registered") == "B: N° de inscritos (p. ej.: 250)"


def test_an_unrecognised_voters_column_mapped_by_the_user_updates_the_voters(
    login_as, secretary, geo, django_capture_on_commit_callbacks
):
    client = login_as(secretary)
    item = upload_geography(
        client, "Clave;Votantes habilitados en la mesa\n05001-P1-M1;250\n", django_capture_on_commit_callbacks
    )
    item, _response = confirm_geography(
        client,
        item,
        django_capture_on_commit_callbacks,
        change=lambda form: form.choose("registered", "Votantes habilitados en la mesa"),
    )
    assert registered("05001-P1-M1") == 250


def test_an_unmapped_voters_column_never_zeroes_the_voters(
    login_as, secretary, geo, django_capture_on_commit_callbacks
):
    client = login_as(secretary)
    item = upload_geography(
        client, "Clave;Votantes habilitados en la mesa\n05001-P1-M1;250\n", django_capture_on_commit_callbacks
    )
    item, _response = confirm_geography(client, item, django_capture_on_commit_callbacks)
    assert item.status == GeographyImport.Status.DONE, item.error_message
    assert registered("05001-P1-M1") == 100


def test_a_file_without_voters_says_the_voters_were_left_as_they_were(
    login_as, secretary, geo, django_capture_on_commit_callbacks
):
    client = login_as(secretary)
    item = upload_geography(client, "Clave;Nombre\n05001-P1-M1;Mesa uno\n", django_capture_on_commit_callbacks)
    item, _response = confirm_geography(client, item, django_capture_on_commit_callbacks)
    page = client.get(reverse("electoral:geography-import-detail", args=[item.pk])).text
    assert "El archivo no tiene columna de inscritos: los inscritos ya guardados no se cambiaron." in page


def test_a_file_without_voters_keeps_them(login_as, secretary, geo, django_capture_on_commit_callbacks):
    client = login_as(secretary)
    item = upload_geography(client, "Clave;Nombre\n05001-P1-M1;Mesa uno\n", django_capture_on_commit_callbacks)
    confirm_geography(client, item, django_capture_on_commit_callbacks)
    assert (ElectoralUnit.objects.get(code="05001-P1-M1").name, registered("05001-P1-M1")) == ("Mesa uno", 100)


def test_empty_voters_cells_keep_the_stored_figure(login_as, secretary, geo, django_capture_on_commit_callbacks):
    client = login_as(secretary)
    text = "Clave;Inscritos\n05001-P1-M1;\n05001-P1-M2;120\n"
    item = upload_geography(client, text, django_capture_on_commit_callbacks)
    item, _response = confirm_geography(client, item, django_capture_on_commit_callbacks)
    assert (registered("05001-P1-M1"), registered("05001-P1-M2")) == (100, 120)


def test_a_missing_key_column_stops_and_asks(login_as, secretary, geo, django_capture_on_commit_callbacks):
    client = login_as(secretary)
    item = upload_geography(client, "Identificador;Inscritos\n05001-P1-M1;250\n", django_capture_on_commit_callbacks)
    item, response = confirm_geography(client, item, django_capture_on_commit_callbacks)
    assert "Elija la columna de: Clave de la unidad (código)." in response.text
    assert item.status == GeographyImport.Status.MAPPING


def test_a_registraduria_file_with_a_split_key_updates_the_tables(
    login_as, secretary, geo, django_capture_on_commit_callbacks
):
    ElectoralUnit.objects.filter(code="05001-P1-M1").update(code="05001-01-01-001")
    client = login_as(secretary)
    text = "Cod. Departamento;Cod. Municipio;Zona;Puesto;Mesa;N° de inscritos\n5;1;1;1;1;275\n"
    item = upload_geography(client, text, django_capture_on_commit_callbacks)
    item, _response = confirm_geography(client, item, django_capture_on_commit_callbacks)
    assert item.status == GeographyImport.Status.DONE, item.error_message
    assert registered("05001-01-01-001") == 275


def test_a_new_unit_without_kind_is_refused(secretary, geo):
    from electoral.services.geography import geography_import_run

    item = GeographyImport.objects.create(
        created_by=secretary, original_name="c.csv", file=SimpleUploadedFile("c.csv", b"Clave;Nombre\nNUEVA;Mesa 9\n")
    )
    geography_import_run(geo_import=item)
    item.refresh_from_db()
    assert "La unidad «NUEVA» es nueva: falta su tipo" in item.error_message


# --- results ------------------------------------------------------------------------------------


def upload_results(client, election, text: str, capture) -> ResultImport:
    with capture(execute=False):
        response = client.post(
            reverse("electoral:results", args=[election.pk]),
            {"file": SimpleUploadedFile("resultados.csv", text.encode())},
        )
    assert response.status_code == 302
    item = ResultImport.objects.latest("pk")
    import_results(item.job_id, item.pk)
    return item


def confirm_results(client, election, item, capture, change=None) -> tuple:
    columns_url = client.get(reverse("electoral:result-import", args=[election.pk, item.pk])).url
    assert columns_url == reverse("electoral:result-import-columns", args=[election.pk, item.pk])
    form = MappingForm(client.get(columns_url).text)
    if change:
        change(form)
    with capture(execute=False):
        response = client.post(columns_url, form.data())
    item.refresh_from_db()
    if response.status_code == 302:
        import_results(item.job_id, item.pk)
        item.refresh_from_db()
    return item, response


def test_results_with_unknown_headers_are_mapped_by_the_user(
    login_as, secretary, election, geo, django_capture_on_commit_callbacks
):
    client = login_as(secretary)
    text = "Identificador;Agrupación;Sufragios\n05001-P1-M1;Nuestro partido;40\n05001-P1-M1;Otro;30\n"
    item = upload_results(client, election, text, django_capture_on_commit_callbacks)

    def change(form):
        form.choose("table_code", "Identificador")
        form.choose("option_name", "Agrupación")
        form.choose("votes", "Sufragios")

    item, _response = confirm_results(client, election, item, django_capture_on_commit_callbacks, change)
    assert item.status == ResultImport.Status.DONE, item.error_message
    assert TableResult.objects.get(table=geo["tables"]["05001-P1-M1"]).total == 70


def test_results_without_a_votes_column_are_not_imported(
    login_as, secretary, election, geo, django_capture_on_commit_callbacks
):
    client = login_as(secretary)
    text = "Identificador;Agrupación;Sufragios\n05001-P1-M1;Nuestro partido;40\n"
    item = upload_results(client, election, text, django_capture_on_commit_callbacks)
    item, response = confirm_results(client, election, item, django_capture_on_commit_callbacks)
    assert item.status == ResultImport.Status.MAPPING
    assert not TableResult.objects.exists()


def test_a_registraduria_results_file_is_imported_with_its_split_key(
    login_as, secretary, election, geo, django_capture_on_commit_callbacks
):
    ElectoralUnit.objects.filter(code="05001-P1-M1").update(code="05001-01-01-001")
    client = login_as(secretary)
    text = "Cod. Departamento;Cod. Municipio;Zona;Puesto;Mesa;Partido;Votos\n05;001;01;01;001;Nuestro partido;40\n"
    item = upload_results(client, election, text, django_capture_on_commit_callbacks)
    item, _response = confirm_results(client, election, item, django_capture_on_commit_callbacks)
    assert item.status == ResultImport.Status.DONE, item.error_message
    assert TableResult.objects.get(table__code="05001-01-01-001").total == 40


def overvote_file() -> str:
    # Table 05001-P1-M1 has 100 registered voters: the fourth line of votes (file row 5) takes it to 105.
    return (
        "Mesa;Código opción;Nombre opción;Votos\n"
        "05001-P1-M1;001;A;40\n05001-P1-M1;002;B;30\n05001-P1-M1;003;C;20\n"
        "05001-P1-M1;996;EN BLANCO;15\n05001-P1-M1;997;NULOS;0\n"
    )


def test_the_overvote_message_names_the_row_that_takes_the_table_over(
    login_as, secretary, election, geo, django_capture_on_commit_callbacks
):
    client = login_as(secretary)
    item = upload_results(client, election, overvote_file(), django_capture_on_commit_callbacks)
    item, _response = confirm_results(client, election, item, django_capture_on_commit_callbacks)
    page = client.get(reverse("electoral:result-import", args=[election.pk, item.pk])).text
    assert "Primera: fila 5: Los votos de la mesa «05001-P1-M1» suman 105" in page


def test_a_table_outside_the_election_is_not_called_missing(
    login_as, secretary, geo, django_capture_on_commit_callbacks
):
    election = ElectionFactory(name="Asamblea de Antioquia", root_unit=geo["d05"])
    client = login_as(secretary)
    text = "Mesa;Código opción;Votos\n11001-P1-M1;001;5\n"
    item = upload_results(client, election, text, django_capture_on_commit_callbacks)
    item, _response = confirm_results(client, election, item, django_capture_on_commit_callbacks)
    assert (
        "La mesa «11001-P1-M1» existe, pero está fuera de la geografía de esta elección "
        "(Asamblea de Antioquia abarca Antioquia, clave 05)." in item.error_message
    )


def test_every_bad_row_is_reported_in_one_pass(login_as, secretary, election, geo, django_capture_on_commit_callbacks):
    client = login_as(secretary)
    text = (
        "Mesa;Código opción;Votos\n"
        "05001-P1-M1;001;diez\n05001-P9-M9;001;5\n05001-P1-M2;001;-1\n05001-P1-M3;001;80\n05001-P1-M3;002;30\n"
    )
    item = upload_results(client, election, text, django_capture_on_commit_callbacks)
    item, _response = confirm_results(client, election, item, django_capture_on_commit_callbacks)
    report = list(load_workbook(item.error_report.path).active.values)
    assert [row[0] for row in report[1:]] == [2, 3, 4, 6]


def test_an_ine_file_with_one_column_per_party_is_imported(
    login_as, secretary, election, geo, django_capture_on_commit_callbacks
):
    ElectoralUnit.objects.filter(code="05001-P1-M1").update(code="09-05-0123-B")
    client = login_as(secretary)
    text = "ID_ESTADO,ID_DISTRITO,SECCION,CASILLA,LISTA_NOMINAL,PAN,PRI,TOTAL_VOTOS\n9,5,123,B,100,40,30,70\n"
    item = upload_results(client, election, text, django_capture_on_commit_callbacks)

    def tick_parties(form):
        form.tick("party_columns", "5")  # PAN
        form.tick("party_columns", "6")  # PRI

    item, _response = confirm_results(client, election, item, django_capture_on_commit_callbacks, tick_parties)
    assert item.status == ResultImport.Status.DONE, item.error_message
    result = TableResult.objects.get(table__code="09-05-0123-B")
    assert sorted(BallotOption.objects.get(pk=int(pk)).name for pk in result.votes) == ["PAN", "PRI"]


def test_an_ine_file_without_party_columns_ticked_is_not_imported(
    login_as, secretary, election, geo, django_capture_on_commit_callbacks
):
    client = login_as(secretary)
    text = "ID_ESTADO,ID_DISTRITO,SECCION,CASILLA,LISTA_NOMINAL,PAN,PRI,TOTAL_VOTOS\n9,5,123,B,100,40,30,70\n"
    item = upload_results(client, election, text, django_capture_on_commit_callbacks)
    item, response = confirm_results(client, election, item, django_capture_on_commit_callbacks)
    assert "Elija la columna de: Votos / Una columna por partido o candidato." in response.text


def test_a_key_and_its_parts_cannot_both_be_chosen(login_as, secretary, geo, django_capture_on_commit_callbacks):
    client = login_as(secretary)
    item = upload_geography(client, "Clave;Zona;Inscritos\n05001-P1-M1;1;250\n", django_capture_on_commit_callbacks)
    item, response = confirm_geography(
        client, item, django_capture_on_commit_callbacks, change=lambda form: form.choose("zone_part", "Zona")
    )
    assert "Elija la columna de la clave o las columnas en que está repartida, no ambas." in response.text


# --- who may choose the columns ---------------------------------------------------------------


def waiting_geography_import(user) -> GeographyImport:
    return GeographyImport.objects.create(
        created_by=user,
        original_name="c.csv",
        file=SimpleUploadedFile("c.csv", b"Clave;Inscritos\nX;1\n"),
        status=GeographyImport.Status.MAPPING,
        headers=["Clave", "Inscritos"],
        header_line=1,
        sample=[["X", "1"]],
        columns={"code": 0},
    )


def test_anonymous_people_are_sent_to_log_in(client, secretary):
    item = waiting_geography_import(secretary)
    response = client.get(reverse("electoral:geography-import-columns", args=[item.pk]))
    assert response.status_code == 302
    assert "/cuenta/ingresar/" in response.url


def test_readers_cannot_choose_the_columns(login_as, reader, secretary):
    item = waiting_geography_import(secretary)
    assert login_as(reader).get(reverse("electoral:geography-import-columns", args=[item.pk])).status_code == 403


def test_another_secretary_does_not_see_the_import(login_as, sec_antioquia, secretary):
    item = waiting_geography_import(secretary)
    url = reverse("electoral:geography-import-columns", args=[item.pk])
    assert login_as(sec_antioquia).get(url).status_code == 404


def test_another_secretary_does_not_see_a_results_import(login_as, sec_antioquia, secretary, election):
    item = ResultImport.objects.create(
        election=election,
        created_by=secretary,
        original_name="r.csv",
        file=SimpleUploadedFile("r.csv", b"Mesa;Votos\nX;1\n"),
        status=ResultImport.Status.MAPPING,
        headers=["Mesa", "Votos"],
        header_line=1,
        sample=[["X", "1"]],
    )
    url = reverse("electoral:result-import-columns", args=[election.pk, item.pk])
    assert login_as(sec_antioquia).get(url).status_code == 404


def test_the_mapping_page_names_the_columns_left_unused(login_as, secretary, geo, django_capture_on_commit_callbacks):
    client = login_as(secretary)
    item = upload_geography(
        client, "Clave;Votantes habilitados en la mesa\n05001-P1-M1;250\n", django_capture_on_commit_callbacks
    )
    page = client.get(reverse("electoral:geography-import-columns", args=[item.pk])).text
    assert "Columnas del archivo sin usar: <strong>B: Votantes habilitados en la mesa</strong>" in page
