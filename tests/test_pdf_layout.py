"""Every PDF of the membership operations, rendered with the longest real values (DIVIPOLA names,
7-digit counts, names at their maximum length): no text over other text, none off the page, and
numbers written the Colombian way. Each renders to test-artifacts/ as PNG for people to look at."""

import csv
import re
import subprocess
from pathlib import Path

import pytest

from core.pdf import money, number
from core.tests.pdf_layout import all_text, off_page, overlapping
from data_rights.pdf import member_data_report_pdf  # noqa: F401
from party_bodies.pdf import attendance_certificate_pdf
from targets.models import Indicator
from targets.pdf import national_report_pdf
from vendor_audits.pdf import acta_pdf

DIVIPOLA = Path(__file__).resolve().parents[1] / "core" / "data" / "divipola.csv"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "pdf"


def _divipola():
    with DIVIPOLA.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


LONGEST_DEPARTMENT = max({row["department_name"] for row in _divipola()}, key=len)
LONGEST_MUNICIPALITY = max({row["municipality_name"] for row in _divipola()}, key=len)
DEPARTMENTS = sorted({row["department_name"] for row in _divipola()})


def _save(pdf: bytes, name: str) -> None:
    """Keep the PDF and its pages as PNG under test-artifacts/ (CI keeps them for people to look at)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(ARTIFACTS / name)], check=False)


def test_colombian_numbers():
    assert [number("12.00"), number(1234567), number("87.50", 1), money("1275000")] == [
        "12",
        "1.234.567",
        "87,5",
        "$ 1.275.000,00",
    ]


# ---- National report ------------------------------------------------------------------------------


def _national_data():
    indicators = [(key, str(label)) for key, label in Indicator.choices] + [
        ("cards_delivered", "Carnets entregados"),
        ("drives_held", "Jornadas de carnetización realizadas"),
    ]
    percent = {Indicator.DATA_COMPLETENESS, Indicator.ATTENTION_ON_TIME}

    def cells(base):
        return {
            key: {"value": "99.50", "target": "100.00", "percent": True}
            if key in percent
            else {"value": f"{base}.00", "target": "9876543.00", "percent": False}
            for key, _label in indicators
        }

    return {
        "period": "10/2026",
        "generated": "01/11/2026 05:30",
        "indicators": indicators,
        "rows": [{"territory": name, "cells": cells(1_234_567 + i)} for i, name in enumerate(DEPARTMENTS)],
        "national": cells(12_345_678),
    }


@pytest.fixture(scope="module")
def national_pdf():
    pdf = national_report_pdf(_national_data())
    _save(pdf, "national_report")
    return pdf


def test_the_national_report_draws_no_text_over_text(national_pdf):
    assert overlapping(national_pdf) == []


def test_the_national_report_stays_on_the_page(national_pdf):
    assert off_page(national_pdf) == []


def test_the_national_report_writes_counts_the_colombian_way(national_pdf):
    text = all_text(national_pdf)
    decimals = re.search(r"\d\.\d\d(?!\d)", text)  # "12.00"
    assert ("1.234.567" in text, "12.345.678" in text, "1234567" in text, decimals) == (True, True, False, None)


def test_the_national_report_shows_the_longest_department_whole(national_pdf):
    assert LONGEST_DEPARTMENT.split()[-1] in all_text(national_pdf)


def test_the_chart_heading_is_never_left_alone_at_a_page_foot():
    from io import BytesIO

    from pypdf import PdfReader

    # 20 departments fill the first page almost to its foot: the heading must move with the chart.
    for count in range(14, 22):
        data = _national_data()
        data["rows"] = data["rows"][:count]
        reader = PdfReader(BytesIO(national_report_pdf(data)))
        for page in reader.pages:
            text = page.extract_text()
            if "Militantes por departamento" in text or "Members by department" in text:
                assert "1.000.000" in text, f"{count} rows: the chart heading is alone on its page"


# ---- Acta of a delivery ---------------------------------------------------------------------------


def _acta_data():
    boxes = [
        {
            "code": f"CAJA-{LONGEST_MUNICIPALITY.upper()[:30]}-{n:04}",
            "forms": 1_000_000,
            "rounds": 12,
            "sample_size": 1250,
            "accept": 21,
            "reject": 22,
            "nonconforming": 1250,
            "inspection": "tightened",
            "inspection_label": "Rigurosa",
            "status": "returned",
            "status_label": "Devuelta al proveedor",
        }
        for n in range(1, 40)
    ]
    return {
        "vendor": "Digitalización y Gestión Documental de la Región Caribe y San Andrés S.A.S. " * 2,
        "vendor_tax_id": "900123456-7",
        "contract": "C-2026-" + "9" * 40,
        "aql": "2.5",
        "delivery": "S-" + "4" * 40,
        "delivered_on": "2026-11-20",
        "unit_price": "1234567.89",
        "boxes": boxes,
        "accepted_forms": 9_876_543,
        "amount": "12193263111263.52",
        "status": "borrador",
        "place": f"{LONGEST_MUNICIPALITY}, {LONGEST_DEPARTMENT}",
        "signers": [
            {"name": "María de los Ángeles Rodríguez de la Espriella " * 2, "role": "Secretaria general " * 4}
            for _n in range(5)
        ],
        "observations": "Observación larga. " * 60,
    }


@pytest.fixture(scope="module")
def acta():
    pdf = acta_pdf(_acta_data())
    _save(pdf, "acta")
    return pdf


def test_the_acta_draws_no_text_over_text(acta):
    assert overlapping(acta) == []


def test_the_acta_stays_on_the_page(acta):
    assert off_page(acta) == []


def test_the_acta_writes_figures_and_dates_the_colombian_way(acta):
    text = all_text(acta)
    wanted = ("1.000.000", "9.876.543", "$ 12.193.263.111.263,52", "20/11/2026")
    assert [value in text for value in wanted] == [True] * 4


# ---- Training attendance certificate --------------------------------------------------------------


@pytest.fixture(scope="module")
def attendance():
    pdf = attendance_certificate_pdf(
        {
            "name": "María de los Ángeles " * 6 + "Rodríguez de la Espriella " * 4,  # 120 + 120 characters
            "document": "CC 1234567890",
            "event_kind": "Diplomado",
            "title": "Liderazgo político, participación ciudadana y control social en los territorios " * 3,
            "topic": "Ley 1475 de 2011, financiación de campañas, paridad y alternancia en las listas " * 4,
            "date": "20/11/2026",
            "place": "Centro de convenciones del departamento " * 5,
            "territory": f"{LONGEST_MUNICIPALITY}, {LONGEST_DEPARTMENT}",
            "trainer": "Doctora Ana María Fernández de Soto y Valderrama " * 4,
            "hours": "120.00",
            "code": "FOR-1234567-7654321",
        }
    )
    _save(pdf, "attendance_certificate")
    return pdf


def test_the_attendance_certificate_draws_no_text_over_text(attendance):
    assert overlapping(attendance) == []


def test_the_attendance_certificate_stays_inside_its_border(attendance):
    assert off_page(attendance, margin=15 * 72 / 25.4) == []


def test_the_attendance_certificate_writes_hours_as_a_number(attendance):
    assert "120 horas" in all_text(attendance)
