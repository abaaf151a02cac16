"""The tabular layer, without the database: safety checks, the child reader, headers, reports."""

import io
import zipfile

import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook, load_workbook

from core.tabular import (
    FileKind,
    Limits,
    TableStream,
    TabularError,
    extract,
    find_header_row,
    inspect_upload,
    iter_lines,
    map_columns,
    normalize_header,
    safe_cell,
    write_error_report,
)
from core.tabular.reader import iter_spool
from core.tabular.tests.bombs import laughs_xlsx

FIELDS = {"id": ["cedula", "c.c.", "documento"], "first": ["nombres"], "last": ["apellidos"], "town": ["municipio"]}


def xlsx_bytes(rows, title=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.append([])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read_all(path, kind=None, limits=None):
    kind = kind or inspect_upload(path, limits)
    with TableStream(path, kind, limits) as stream:
        return list(iter_lines(stream.chunks())), stream


def test_it_recognizes_types_by_content(tmp_path):
    xlsx = write(tmp_path, "a.csv", xlsx_bytes([["CÉDULA", "NOMBRES"], [1, "Ana"]]))  # misleading name
    assert inspect_upload(xlsx) == FileKind.XLSX
    csv = write(tmp_path, "b.xlsx", "CÉDULA;NOMBRES\n1;Ana\n".encode())
    assert inspect_upload(csv) == FileKind.CSV


def test_it_refuses_a_wrong_type_renamed_to_xlsx(tmp_path):
    png = write(tmp_path, "photo.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    with pytest.raises(TabularError) as error:
        inspect_upload(png)
    assert error.value.code == "unknown_type"
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(TabularError) as error:
        inspect_upload(write(tmp_path, "letter.xlsx", docx.getvalue()))
    assert error.value.code == "unknown_type"


def test_it_refuses_empty_and_too_large_files(tmp_path):
    with pytest.raises(TabularError) as error:
        inspect_upload(write(tmp_path, "empty.csv", b""))
    assert error.value.code == "empty_file"
    with pytest.raises(TabularError) as error:
        inspect_upload(write(tmp_path, "big.csv", b"a;b\n" * 1000), Limits(max_bytes=100))
    assert error.value.code == "too_large"
    assert "MB" in error.value.message


def test_it_refuses_a_zip_bomb(tmp_path):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (50 * 1024 * 1024))  # 50 MB of blanks, ~50 KB zipped
    path = write(tmp_path, "bomb.xlsx", bomb.getvalue())
    assert path.stat().st_size < 200 * 1024
    with pytest.raises(TabularError) as error:
        inspect_upload(path)
    assert error.value.code == "zip_bomb"
    with pytest.raises(TabularError):
        inspect_upload(path, Limits(max_uncompressed_bytes=10 * 1024 * 1024, max_ratio=10**9))


def test_it_refuses_macros(tmp_path):
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([["a"]]))) as source, zipfile.ZipFile(data, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\x00" * 100)
    with pytest.raises(TabularError) as error:
        inspect_upload(write(tmp_path, "macro.xlsx", data.getvalue()))
    assert error.value.code == "macros"


def test_it_detects_a_password_protected_file(tmp_path):
    plain = io.BytesIO(xlsx_bytes([["CÉDULA", "NOMBRES"], [1, "Ana"]]))
    encrypted = io.BytesIO()
    office = OOXMLFile(plain)
    office.encrypt("secreta", encrypted)
    with pytest.raises(TabularError) as error:
        inspect_upload(write(tmp_path, "locked.xlsx", encrypted.getvalue()))
    assert error.value.code == "password"
    assert "contraseña" in error.value.message or "password" in error.value.message


def test_it_streams_rows_with_true_line_numbers_under_title_rows(tmp_path):
    path = write(tmp_path, "r.xlsx", xlsx_bytes([["CÉDULA", "NOMBRES"], [1020304050, "Ana"]], title="PLANILLA"))
    lines, stream = read_all(path)
    assert lines[0] == (1, ["PLANILLA"])
    assert lines[1] == (3, ["CÉDULA", "NOMBRES"])
    assert lines[2][0] == 4
    assert lines[2][1][1] == "Ana"
    assert stream.result.rows == 3
    assert stream.result.columns == 2


def test_it_reads_excel_dates_as_iso_text(tmp_path):
    import datetime

    path = write(tmp_path, "d.xlsx", xlsx_bytes([["FECHA"], [datetime.date(1980, 3, 15)]]))
    lines, _ = read_all(path)
    assert lines[1][1] == ["1980-03-15"]


def test_it_reads_latin1_csv_with_semicolons(tmp_path):
    path = write(tmp_path, "l.csv", "CÉDULA;NOMBRES;MUNICIPIO\n1.020.304.050;José;Medellín\n".encode("latin-1"))
    lines, stream = read_all(path)
    assert lines[1][1] == ["1.020.304.050", "José", "Medellín"]
    assert stream.result.info == {"encoding": "latin-1", "delimiter": ";"}


def test_it_reads_utf8_csv_with_commas(tmp_path):
    path = write(tmp_path, "u.csv", "\ufeffCÉDULA,NOMBRES\n10,Ñandú\n".encode())
    lines, stream = read_all(path)
    assert lines[0][1] == ["CÉDULA", "NOMBRES"]
    assert lines[1][1] == ["10", "Ñandú"]
    assert stream.result.info["delimiter"] == ","


def test_it_refuses_an_empty_sheet_and_too_many_columns(tmp_path):
    path = write(tmp_path, "e.xlsx", xlsx_bytes([]))
    with pytest.raises(TabularError) as error:
        read_all(path)
    assert error.value.code == "empty_sheet"
    wide = write(tmp_path, "w.csv", (";".join(f"c{i}" for i in range(200)) + "\n").encode() * 3)
    with pytest.raises(TabularError) as error:
        read_all(wide)
    assert error.value.code == "too_many_columns"
    assert "200" in error.value.message


def test_it_refuses_a_30_mb_csv_with_200_columns_quickly(tmp_path):
    row = ";".join("x" * 7 for _ in range(200)) + "\n"
    path = write(tmp_path, "huge.csv", row.encode() * (30 * 1024 * 1024 // len(row)))
    assert path.stat().st_size > 29 * 1024 * 1024
    with pytest.raises(TabularError) as error:
        read_all(path, limits=Limits(max_bytes=50 * 1024 * 1024))
    assert error.value.code == "too_many_columns"


def test_it_refuses_too_many_rows(tmp_path):
    path = write(tmp_path, "rows.csv", b"a;b\n" + b"1;2\n" * 200)
    with pytest.raises(TabularError) as error:
        read_all(path, limits=Limits(max_rows=100))
    assert error.value.code == "too_many_rows"


def test_it_survives_a_reader_that_runs_out_of_memory(tmp_path):
    """One shared string referenced by 16,000 cells of one row, under a lying <dimension>: the
    archive is 45 KB and passes the zip checks, but calamine materializes 512 MB and aborts the
    process it runs in. Here that is the child: the caller gets a clear error and lives on."""
    path = write(tmp_path, "laughs.xlsx", laughs_xlsx(cells=16000))
    assert path.stat().st_size < 100 * 1024
    kind = inspect_upload(path)
    with pytest.raises(TabularError) as error:
        read_all(path, kind, limits=Limits(child_memory_bytes=256 * 1024 * 1024))
    assert error.value.code == "out_of_memory"
    assert "memoria" in error.value.message or "memory" in error.value.message


def test_it_keeps_a_spool_file(tmp_path):
    path = write(tmp_path, "s.xlsx", xlsx_bytes([["a", "b"], [1, 2]]))
    result = extract(path, FileKind.XLSX, tmp_path / "rows.spool")
    assert result.rows == 2
    assert list(iter_spool(tmp_path / "rows.spool")) == [(1, [["a", "b"], [1.0, 2.0]])]


def test_it_normalizes_headers_and_maps_by_synonyms():
    assert normalize_header("  No. de Cédula ") == "no de cedula"
    assert map_columns(["C.C.", "NOMBRES", "APELLIDOS"], FIELDS) == {"id": 0, "first": 1, "last": 2}
    assert map_columns(["CÉDULA DE CIUDADANÍA", "x"], {"id": ["cédula"]}) == {"id": 0}
    assert map_columns(["TIPO DE DOCUMENTO", "DOCUMENTO"], FIELDS) == {"id": 1}


def test_it_finds_the_header_under_title_rows():
    rows = [
        (1, ["PLANILLA DE AFILIADOS"]),
        (2, ["Fecha: hoy"]),
        (4, ["CÉDULA", "NOMBRES", "APELLIDOS"]),
        (5, [1, "a", "b"]),
    ]
    position, line, mapping = find_header_row(rows, FIELDS)
    assert (position, line) == (2, 4)
    assert mapping == {"id": 0, "first": 1, "last": 2}
    assert find_header_row([(1, ["x", "y"])], FIELDS) is None


def test_it_writes_a_formula_safe_error_report(tmp_path):
    path = tmp_path / "errors.xlsx"
    count = write_error_report(
        path,
        header=["CÉDULA", "NOMBRES"],
        rows=[(4, ["=1+1", '==HYPERLINK("http://x")'], "Cédula: vacía"), (5, ["@SUM(A1)", -3], "+mal")],
    )
    assert count == 2
    sheet = load_workbook(path).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Fila", "CÉDULA", "NOMBRES", "Motivo"]
    assert values[1] == [4, "'=1+1", '\'==HYPERLINK("http://x")', "Cédula: vacía"]
    assert values[2] == [5, "'@SUM(A1)", -3, "'+mal"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert safe_cell("\tx") == "'\tx"
    assert safe_cell(5) == 5


def test_it_reads_an_ods_file(tmp_path):
    from core.tabular.tests.bombs import ods_bytes

    path = write(tmp_path, "planilla.ods", ods_bytes([["CÉDULA", "NOMBRES"], [1020304050, "Ana"]]))
    assert inspect_upload(path) == FileKind.ODS
    lines, _ = read_all(path)
    assert lines == [(1, ["CÉDULA", "NOMBRES"]), (2, [1020304050.0, "Ana"])]


def test_it_refuses_an_ole2_file_that_is_not_a_workbook(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000 + "WordDocument".encode("utf-16-le")
    with pytest.raises(TabularError) as error:
        inspect_upload(write(tmp_path, "carta.xls", ole))
    assert error.value.code == "unknown_type"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("==1+1", "'==1+1"),
        ("+573001234567", "'+573001234567"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Pérez", "Pérez"),
        (12, 12),
        (None, None),
    ],
)
def test_safe_cell_neutralizes_every_formula_start(value, expected):
    assert safe_cell(value) == expected
