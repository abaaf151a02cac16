"""The electoral PDFs with the longest real values (the longest DIVIPOLA names, long person
names, long polling places): no text runs past its box or over other text.

Words are located with `pdftotext -bbox`; the pages are also rendered to test-artifacts/ to look at."""

import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from electoral.pdf import CredentialData, EndorsementLetterData, credentials_pdf, endorsement_letter_pdf

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "electoral"
MM = 72 / 25.4
LONGEST_DEPARTMENT = "Archipiélago de San Andrés, Providencia y Santa Catalina"
LONGEST_MUNICIPALITY = "San Sebastián de Buenavista"
LONG_NAME = "María de los Ángeles Guadalupe Fernández-Villavicencio de la Torre Santamaría"
LONG_PARTY = "Partido Alianza Democrática Nacional por la Unidad y la Reconciliación de Colombia"
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')

CREDENTIAL = CredentialData(
    party=LONG_PARTY,
    election=f"Elecciones de autoridades locales: Concejo municipal de {LONGEST_MUNICIPALITY}",
    election_date="31/10/2027",
    full_name=LONG_NAME,
    document="CC 1.098.765.432",
    role="Testigo de mesa",
    credential_number="TE-2027-0000123456",
    place="Institución Educativa Departamental Técnica Agropecuaria San Sebastián de Mariquita Sede Principal",
    table="Mesa 123",
    address="Carrera 45 # 123-45 Barrio San Antonio del Tequendama, al lado de la iglesia principal",
    territory=LONGEST_DEPARTMENT,
)
LETTER = EndorsementLetterData(
    party=LONG_PARTY,
    city="Villa de San Diego de Ubaté",
    date="07/12/2026",
    letter_number="AVAL-2027-000123",
    candidate_name=LONG_NAME,
    candidate_document="CC 1.098.765.432",
    office="Diputado a la Asamblea Departamental",
    constituency=LONGEST_DEPARTMENT,
    election="Elecciones de autoridades locales 2027",
    list_position="12",
    committee_reference="Acta 045 del Comité Nacional de Avales del 30/06/2027",
    signer_name="Juan Sebastián Rodríguez-Castañeda de los Ríos Montenegro y Valderrama",
    signer_title="Representante legal y Secretario General del Comité Ejecutivo Nacional del Partido",
)


def _layout(content: bytes, name: str) -> tuple[tuple[float, float], list]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(content)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(ARTIFACTS / name)], check=False)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "words.html"
        subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), str(out)], check=True)
        html = out.read_text()
    width, height = (float(v) for v in PAGE.search(html).groups())
    words = [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in WORD.findall(html)]
    return (width, height), words


def _overlaps(words) -> list:
    found = []
    for i, (ax0, ay0, ax1, ay1, at) in enumerate(words):
        for bx0, by0, bx1, by1, bt in words[i + 1 :]:
            # 0.5 pt of tolerance: neighbouring glyph boxes may touch.
            if ax0 < bx1 - 0.5 and bx0 < ax1 - 0.5 and ay0 < by1 - 0.5 and by0 < ay1 - 0.5:
                found.append((at, bt))
    return found


@pytest.fixture(scope="module")
def credential():
    return _layout(credentials_pdf([CREDENTIAL, CREDENTIAL]), "credenciales-largas")


@pytest.fixture(scope="module")
def letter():
    return _layout(endorsement_letter_pdf(LETTER), "aval-largo")


def test_no_credential_text_runs_past_the_card(credential):
    (width, _height), words = credential
    outside = [w[4] for w in words if w[0] < 15 * MM or w[2] > width - 15 * MM - 2 * MM]
    assert outside == []


def test_no_credential_text_overlaps_other_text(credential):
    _page, words = credential
    assert _overlaps(words) == []


def test_the_credential_shows_the_whole_department_name(credential):
    _page, words = credential
    text = " ".join(w[4] for w in words)
    assert "Providencia y Santa Catalina" in text


def test_the_credential_shows_the_whole_person_name(credential):
    _page, words = credential
    text = " ".join(w[4] for w in words)
    assert "Santamaría" in text


def test_no_letter_text_runs_past_the_margins(letter):
    (width, _height), words = letter
    outside = [w[4] for w in words if w[0] < 25 * MM - 1 or w[2] > width - 25 * MM + 1]
    assert outside == []


def test_no_letter_text_overlaps_other_text(letter):
    _page, words = letter
    assert _overlaps(words) == []


def test_the_letter_keeps_the_body_above_the_signature(letter):
    (_width, height), words = letter
    signature_top = height - 70 * MM  # pdftotext measures from the top of the page
    pledge = next(w for w in words if w[4] == "partido.")
    assert pledge[3] < signature_top
