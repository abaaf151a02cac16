"""Files people really send: a damaged one gets a Spanish message (no parser jargon); a small table
with one forgotten cell far away is read as the small table it is."""

import io
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from core.tabular import TableStream, TabularError, inspect_upload, iter_lines


def _read(path):
    with TableStream(path, inspect_upload(path)) as stream:
        return list(iter_lines(stream.chunks()))


def _stray_cell_xlsx(path):
    workbook = Workbook()
    sheet = workbook.active
    for row in (["cedula", "nombres", "apellidos"], ["1020304050", "Ana", "Pérez"], ["1020304051", "Luis", "Gómez"]):
        sheet.append(row)
    sheet["XFD1048576"] = "x"
    workbook.save(path)
    return path


def _broken_entity_xlsx(path):
    """A workbook whose XML uses an undefined entity (calamine: "XmlError … unrecognized entity")."""
    workbook = Workbook()
    workbook.active.append(["cedula", "MARKER"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info).replace(b"MARKER", b"&bogus;"))
    return path


def test_a_table_with_a_stray_cell_at_xfd1048576_reads_its_three_rows(tmp_path):
    rows = _read(_stray_cell_xlsx(tmp_path / "tres.xlsx"))
    assert [line for line, _row in rows] == [1, 2, 3]


def test_the_stray_cell_is_left_out_of_the_rows(tmp_path):
    rows = _read(_stray_cell_xlsx(tmp_path / "tres.xlsx"))
    assert rows[-1][1] == ["1020304051", "Luis", "Gómez"]


def _unreadable_message(path):
    with pytest.raises(TabularError) as error, translation.override("es"):
        _read(path)
    with translation.override("es"):
        return error.value.code, error.value.message


def test_a_damaged_sheet_is_reported_as_unreadable(tmp_path):
    code, _message = _unreadable_message(_broken_entity_xlsx(tmp_path / "roto.xlsx"))
    assert code == "unreadable"


def test_a_damaged_sheet_gets_a_spanish_message_without_parser_words(tmp_path):
    _code, message = _unreadable_message(_broken_entity_xlsx(tmp_path / "roto.xlsx"))
    assert message.startswith("No se pudo leer el archivo: está dañado")


def test_the_parser_error_never_reaches_the_message(tmp_path):
    _code, message = _unreadable_message(_broken_entity_xlsx(tmp_path / "roto.xlsx"))
    assert "Error" not in message
