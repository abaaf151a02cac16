"""One line's validation (no database)."""

import contextlib
import datetime

import pytest

from rosters.fields import (
    COPY_COLUMNS,
    MunicipalityResolver,
    RowValidator,
    mapping_problems,
    parse_birth_date,
    split_full_name,
)

TOWNS = [
    (1, "05001", "Medellín", "Antioquia"),
    (2, "05266", "Envigado", "Antioquia"),
    (3, "05887", "Yarumal", "Antioquia"),
]
MAPPING = {
    "id_number": 0,
    "first_names": 1,
    "last_names": 2,
    "phone": 3,
    "email": 4,
    "municipality": 5,
    "birth_date": 6,
}
TODAY = datetime.date(2026, 11, 23)


def validate(cells, mapping=MAPPING, default=None):
    validator = RowValidator(
        upload_id=9,
        mapping=mapping,
        resolver=MunicipalityResolver(TOWNS, default),
        member_ids=iter(range(100, 200)),
        today=TODAY,
    )
    text, valid = validator.copy_line(12, cells)
    values = dict(zip(COPY_COLUMNS, text.rstrip("\n").split("\t"), strict=True))
    return values, valid


@pytest.mark.parametrize("raw", ["1.020.304.050", 1020304050.0, " 1020304050 ", 1020304050, "1020304050.0"])
def test_it_normalizes_cedulas(raw):
    values, valid = validate([raw, "ana", "GÓMEZ", "", "", "Medellín", ""])
    assert valid
    assert values["id_number"] == "1020304050"
    assert values["first_names"] == "Ana"
    assert values["last_names"] == "Gómez"
    assert values["search_name"] == "ana gomez"
    assert values["member_id"] == "100"


def test_it_resolves_municipalities_by_name_or_divipola_code():
    assert validate([10203, "A", "B", "", "", "ENVIGADO", ""])[0]["territory_id"] == "2"
    assert validate([10203, "A", "B", "", "", 5887.0, ""])[0]["territory_id"] == "3"
    assert validate([10203, "A", "B", "", "", "05001", ""])[0]["territory_id"] == "1"
    values, valid = validate([10203, "A", "B", "", "", "Bogotá", ""])
    assert not valid
    assert "Bogotá" in values["errors"]


def test_it_reads_birth_dates_as_text_or_excel_numbers():
    assert parse_birth_date("15/03/1980", TODAY) == datetime.date(1980, 3, 15)
    assert parse_birth_date("1980-03-15", TODAY) == datetime.date(1980, 3, 15)
    assert parse_birth_date(29295, TODAY) == datetime.date(1980, 3, 15)
    assert parse_birth_date("", TODAY) is None
    with pytest.raises(ValueError):
        parse_birth_date("31/02/1980", TODAY)
    with pytest.raises(ValueError):
        parse_birth_date("15/03/2030", TODAY)


def test_it_reports_every_bad_field_of_a_line():
    values, valid = validate(["12a", "", '=HYPERLINK("x")', "12", "no-es-correo", "Marte", "ayer"])
    assert not valid
    assert values["kind"] == "invalid"
    errors = values["errors"]
    for field in ("id_number", "first_names", "last_names", "phone", "email", "municipality", "birth_date"):
        assert f'"{field}"' in errors, field
    assert "fórmula" in errors or "formula" in errors
    assert values["raw"].startswith("[")


def test_it_normalizes_phone_and_email():
    values, valid = validate([1234567, "A", "B", "300 123 4567", " Ana@Example.ORG ", "Medellín", ""])
    assert valid
    assert values["phone"] == "+573001234567"
    assert values["email"] == "ana@example.org"


def test_it_splits_a_full_name_and_uses_the_default_municipality():
    assert split_full_name("JOSÉ MARÍA PÉREZ GÓMEZ") == ("JOSÉ MARÍA", "PÉREZ GÓMEZ")
    assert split_full_name("Ana Gómez") == ("Ana", "Gómez")
    values, valid = validate([1234567, "ANA MARÍA GÓMEZ DÍAZ"], mapping={"id_number": 0, "full_name": 1}, default=1)
    assert valid
    assert (values["first_names"], values["last_names"], values["territory_id"]) == ("Ana María", "Gómez Díaz", "1")


def test_it_escapes_copy_text():
    values, valid = validate([1234567, "Ana\tMaría", "Gómez\\", "", "", "Medellín", ""])
    assert valid
    assert values["first_names"] == "Ana María"
    assert values["last_names"] == "Gómez\\\\"


def test_it_says_what_the_mapping_lacks():
    assert mapping_problems({"id_number": 0, "full_name": 1}, needs_municipality=False) == []
    assert len(mapping_problems({"first_names": 1}, needs_municipality=True)) == 3
    assert mapping_problems({"id_number": 0, "first_names": 0, "last_names": 1}, needs_municipality=False)


@pytest.mark.parametrize(
    "raw", [1020304050.0, 1020304050, "1020304050", "0102", "12", 12345678901.0, "١٢٣٤", 0.0, -5.0]
)
def test_the_fast_cedula_path_agrees_with_the_normalizer(raw):
    from militancia.identity import InvalidIdNumber, normalize_id_number
    from rosters.fields import _plain_cedula

    fast = _plain_cedula(raw)
    if fast is not None:
        assert fast == normalize_id_number("CC", raw)
    else:  # the slow path decides (and may refuse)
        with contextlib.suppress(InvalidIdNumber):
            normalize_id_number("CC", raw)


@pytest.mark.parametrize("raw", [3001234567.0, "3001234567", "6041234", "0012345678", "300123456", 57300123456.0])
def test_the_fast_phone_path_agrees_with_the_normalizer(raw):
    from militancia.identity import normalize_phone
    from rosters.fields import _plain_phone

    fast = _plain_phone(raw)
    if fast is not None:
        assert fast == normalize_phone(raw)
