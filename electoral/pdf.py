"""PDF documents of the electoral app. Functions take plain data and return bytes (testable without the database)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

BRAND = colors.HexColor("#1d3b72")


@dataclass(frozen=True)
class CredentialData:
    party: str
    election: str
    election_date: str
    full_name: str
    document: str
    role: str
    credential_number: str
    place: str
    table: str
    address: str
    territory: str


def credentials_pdf(items: Sequence[CredentialData]) -> bytes:
    """One credential per half A4 page (two per sheet), to print, cut and sign."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle("Credenciales de testigos electorales")
    width, height = A4
    for index, item in enumerate(items):
        if index and index % 2 == 0:
            pdf.showPage()
        top = height - 15 * mm - (index % 2) * (height / 2)
        _credential(pdf, item, 15 * mm, top, width - 30 * mm, height / 2 - 25 * mm)
    if not items:
        pdf.drawString(20 * mm, height - 30 * mm, "Sin testigos")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _credential(pdf, item: CredentialData, x: float, top: float, w: float, h: float) -> None:
    pdf.setStrokeColor(BRAND)
    pdf.setLineWidth(1.5)
    pdf.roundRect(x, top - h, w, h, 6 * mm)
    pdf.setFillColor(BRAND)
    pdf.rect(x, top - 18 * mm, w, 18 * mm, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    pdf.setFont("Helvetica-Bold", 15)
    pdf.drawString(x + 8 * mm, top - 9 * mm, item.party)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(x + 8 * mm, top - 15 * mm, f"{item.election} · {item.election_date}")
    pdf.setFillColor(colors.black)
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(x + 8 * mm, top - 28 * mm, "CREDENCIAL DE TESTIGO ELECTORAL")
    pdf.setFont("Helvetica", 9)
    pdf.drawRightString(x + w - 8 * mm, top - 28 * mm, f"N.º {item.credential_number}")
    rows = [
        ("Nombre", item.full_name),
        ("Documento", item.document),
        ("Función", item.role),
        ("Puesto de votación", item.place),
        ("Mesa", item.table or "—"),
        ("Dirección", item.address or "—"),
        ("Municipio", item.territory),
    ]
    y = top - 38 * mm
    for label, value in rows:
        pdf.setFont("Helvetica", 9)
        pdf.setFillColor(colors.HexColor("#555555"))
        pdf.drawString(x + 8 * mm, y, label)
        pdf.setFillColor(colors.black)
        pdf.setFont("Helvetica-Bold", 11)
        pdf.drawString(x + 48 * mm, y, str(value)[:70])
        y -= 7.5 * mm
    pdf.setLineWidth(0.6)
    pdf.line(x + 8 * mm, top - h + 14 * mm, x + 78 * mm, top - h + 14 * mm)
    pdf.line(x + w - 78 * mm, top - h + 14 * mm, x + w - 8 * mm, top - h + 14 * mm)
    pdf.setFont("Helvetica", 8)
    pdf.drawString(x + 8 * mm, top - h + 10 * mm, "Firma del testigo")
    pdf.drawString(x + w - 78 * mm, top - h + 10 * mm, "Representante legal del partido")


@dataclass(frozen=True)
class EndorsementLetterData:
    party: str
    city: str
    date: str
    letter_number: str
    candidate_name: str
    candidate_document: str
    office: str
    constituency: str
    election: str
    list_position: str
    committee_reference: str
    signer_name: str
    signer_title: str


def endorsement_letter_pdf(data: EndorsementLetterData) -> bytes:
    """The endorsement letter (aval) the candidate files with the electoral authority."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter, pageCompression=1)
    pdf.setTitle(f"Aval {data.letter_number}")
    width, height = letter
    pdf.setFillColor(BRAND)
    pdf.rect(0, height - 28 * mm, width, 28 * mm, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawString(25 * mm, height - 17 * mm, data.party)
    pdf.setFont("Helvetica", 10)
    pdf.drawRightString(width - 25 * mm, height - 17 * mm, data.letter_number)
    pdf.setFillColor(colors.black)
    y = height - 45 * mm
    pdf.setFont("Helvetica", 11)
    pdf.drawString(25 * mm, y, f"{data.city}, {data.date}")
    y -= 14 * mm
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawCentredString(width / 2, y, "AVAL DE CANDIDATURA")
    y -= 14 * mm
    text = pdf.beginText(25 * mm, y)
    text.setFont("Helvetica", 11)
    text.setLeading(16)
    body = (
        f"El {data.party}, en uso de las facultades que le confieren sus estatutos y la ley, "
        f"y conforme a la decisión del comité ({data.committee_reference}), "
        f"otorga AVAL a {data.candidate_name}, identificado(a) con {data.candidate_document}, "
        f"para inscribir su candidatura a {data.office} por {data.constituency} "
        f"en la elección {data.election}"
        + (f", en la posición {data.list_position} de la lista." if data.list_position else ".")
    )
    for line in _wrap(body, 88):
        text.textLine(line)
    text.textLine("")
    for line in _wrap(
        "El candidato declara conocer el régimen de inhabilidades e incompatibilidades y se compromete a "
        "cumplir el código de ética y los estatutos del partido.",
        88,
    ):
        text.textLine(line)
    pdf.drawText(text)
    y = 70 * mm
    pdf.line(25 * mm, y, 100 * mm, y)
    pdf.setFont("Helvetica-Bold", 11)
    pdf.drawString(25 * mm, y - 6 * mm, data.signer_name)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(25 * mm, y - 11 * mm, data.signer_title)
    pdf.setFont("Helvetica", 8)
    pdf.setFillColor(colors.HexColor("#555555"))
    pdf.drawString(25 * mm, 20 * mm, f"Documento {data.letter_number} generado por Militancia.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines
