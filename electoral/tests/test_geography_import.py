import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from electoral.models import ElectoralUnit, GeographyImport
from electoral.services.geography import geography_import_run

pytestmark = pytest.mark.django_db

CSV = """CATASTRO ELECTORAL 2027 - PRUEBA
Código;Nombre;Tipo;Código padre;DIVIPOLA;Inscritos;Dirección;Prioritario
CO;Colombia;País;;;;;
05;Antioquia;Departamento;CO;05;;;
05001;Medellín;Municipio;05;05001;;;
05001-01;Zona 1;Zona;05001;;;;
05001-01-01;IE San José;Puesto;05001-01;;;Calle 50 # 40-20;sí
05001-01-01-001;Mesa 1;Mesa;05001-01-01;;350;;
05001-01-01-002;Mesa 2;Mesa;05001-01-01;;340;;
"""


def run(user, content: bytes, name="catastro.csv") -> tuple[GeographyImport, dict]:
    item = GeographyImport.objects.create(created_by=user, original_name=name, file=SimpleUploadedFile(name, content))
    return item, geography_import_run(geo_import=item)


def test_it_imports_the_tree_with_paths_territories_and_totals(secretary, medellin):
    item, result = run(secretary, CSV.encode())
    item.refresh_from_db()
    assert result == {"ok": True, "created": 7, "updated": 0, "unchanged": 0}, item.error_message
    table = ElectoralUnit.objects.get(code="05001-01-01-001")
    place = ElectoralUnit.objects.get(code="05001-01-01")
    assert table.parent == place
    assert table.territory == medellin  # inherited from the municipality
    assert table.path.startswith(place.path)
    assert table.depth == 5
    assert place.registered_voters == 690
    assert place.is_priority
    assert place.address == "Calle 50 # 40-20"
    assert ElectoralUnit.objects.get(code="CO").registered_voters == 690


def test_reimport_is_idempotent_and_updates_figures(secretary, medellin):
    run(secretary, CSV.encode())
    _item, again = run(secretary, CSV.encode())
    assert again == {"ok": True, "created": 0, "updated": 0, "unchanged": 7}
    _item, changed = run(secretary, CSV.replace(";350;", ";360;").encode())
    assert changed["updated"] == 1
    assert changed["created"] == 0
    assert ElectoralUnit.objects.get(code="05001-01-01").registered_voters == 700
    assert ElectoralUnit.objects.count() == 7


def test_it_reads_excel_files(secretary, medellin, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    for line in CSV.strip().splitlines()[1:]:
        sheet.append([cell or None for cell in line.split(";")])
    path = tmp_path / "catastro.xlsx"
    workbook.save(path)
    _item, result = run(secretary, path.read_bytes(), "catastro.xlsx")
    assert result["ok"]
    assert result["created"] == 7


def test_bad_rows_are_reported_and_nothing_is_written(secretary, medellin):
    bad = CSV + "05001-01-01-003;Mesa 3;Urna;05001-01-01;;-5;;\n05001-01-01-004;Mesa 4;Mesa;NOEXISTE;;10;;\n"
    item, result = run(secretary, bad.encode())
    item.refresh_from_db()
    assert not result["ok"]
    assert item.error_count == 3
    assert "fila 10" in item.error_message
    assert "El tipo «Urna» no se reconoce" in item.error_message
    assert not ElectoralUnit.objects.exists()
    assert item.error_report


def test_a_scoped_user_cannot_import_other_territories(sec_antioquia, bogota):
    text = "Código;Nombre;Tipo;Código padre;DIVIPOLA\n11001;Bogotá;Municipio;;11001\n"
    item, result = run(sec_antioquia, text.encode())
    item.refresh_from_db()
    assert not result["ok"]
    assert "fuera de su alcance" in item.error_message


def test_it_refuses_a_file_that_is_not_a_table(secretary):
    item, result = run(secretary, b"\x89PNG\r\n\x1a\n\x00\x00binary", "catastro.csv")
    item.refresh_from_db()
    assert not result["ok"]
    assert item.status == GeographyImport.Status.FAILED
    assert item.error_message


def test_the_refusal_counts_rows_not_problems(secretary, medellin):
    # Row 10 breaks two rules (kind and registered voters), row 11 one: two rows refused.
    bad = CSV + "05001-01-01-003;Mesa 3;Urna;05001-01-01;;-5;;\n05001-01-01-004;Mesa 4;Mesa;NOEXISTE;;10;;\n"
    item, _result = run(secretary, bad.encode())
    item.refresh_from_db()
    assert item.error_message.startswith("2 filas rechazadas; no se importó nada.")
