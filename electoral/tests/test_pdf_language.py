"""The electoral PDFs print their fixed words through the Spanish catalogue (and follow the active language)."""

import io

from django.utils import translation
from pypdf import PdfReader

from electoral.pdf import credentials_pdf, endorsement_letter_pdf
from electoral.tests.test_pdf_layout import CREDENTIAL, LETTER


def _text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_it_prints_the_credential_in_spanish():
    with translation.override("es-co"):
        assert "CREDENCIAL DE TESTIGO ELECTORAL" in _text(credentials_pdf([CREDENTIAL]))


def test_it_prints_the_credential_in_the_active_language():
    with translation.override("en"):
        assert "POLL WATCHER CREDENTIAL" in _text(credentials_pdf([CREDENTIAL]))


def test_it_prints_the_endorsement_letter_in_spanish():
    with translation.override("es-co"):
        assert "AVAL DE CANDIDATURA" in _text(endorsement_letter_pdf(LETTER))
