"""Membership certificate PDF. Takes plain data, returns bytes (testable without a database)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

BRAND = colors.HexColor("#7a1f2b")


@dataclass(frozen=True)
class CertificateData:
    party_name: str
    title: str
    body: str  # the certifying paragraph, already translated and filled in
    place_and_date: str
    signer_line: str
    verify_label: str
    verify_url: str
    code: str
    footer: str


def draw_qr(pdf: canvas.Canvas, text: str, x: float, y: float, size: float) -> None:
    """A QR code drawn from segno's matrix as a single path (fast, crisp at any zoom).

    reportlab's QrCodeWidget draws one rectangle per module and is ~20x slower.
    """
    qr = segno.make(text, error="m", micro=False)
    matrix = [list(row) for row in qr.matrix]
    modules = len(matrix)
    quiet = 2
    cell = size / (modules + 2 * quiet)
    path = pdf.beginPath()
    for row_index, row in enumerate(matrix):
        column = 0
        while column < modules:
            if row[column]:
                start = column
                while column < modules and row[column]:
                    column += 1
                # One rectangle per horizontal run of dark modules.
                px = x + (quiet + start) * cell
                py = y + size - (quiet + row_index + 1) * cell
                path.rect(px, py, (column - start) * cell, cell)
            else:
                column += 1
    pdf.setFillColor(colors.white)
    pdf.rect(x, y, size, size, stroke=0, fill=1)
    pdf.setFillColor(colors.black)
    pdf.drawPath(path, stroke=0, fill=1)


def certificate_pdf(data: CertificateData) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=LETTER, pageCompression=1)
    pdf.setTitle(data.title)
    pdf.setAuthor(data.party_name)
    width, height = LETTER

    # Header band
    pdf.setFillColor(BRAND)
    pdf.rect(0, height - 38 * mm, width, 38 * mm, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    pdf.setFont("Helvetica-Bold", 22)
    pdf.drawCentredString(width / 2, height - 22 * mm, data.party_name)
    pdf.setFont("Helvetica", 12)
    pdf.drawCentredString(width / 2, height - 30 * mm, data.title)

    title_style = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=18, leading=22, alignment=TA_CENTER)
    body_style = ParagraphStyle("body", fontName="Helvetica", fontSize=12.5, leading=19, alignment=TA_JUSTIFY)
    frame_width = width - 50 * mm

    heading = Paragraph(data.title.upper(), title_style)
    _, h = heading.wrap(frame_width, 100 * mm)
    heading.drawOn(pdf, 25 * mm, height - 62 * mm - h)

    body = Paragraph(data.body, body_style)
    _, h = body.wrap(frame_width, 120 * mm)
    body_top = height - 80 * mm
    body.drawOn(pdf, 25 * mm, body_top - h)

    pdf.setFillColor(colors.black)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(25 * mm, body_top - h - 14 * mm, data.place_and_date)

    # Signature line
    line_y = 85 * mm
    pdf.setStrokeColor(colors.grey)
    pdf.line(25 * mm, line_y, 95 * mm, line_y)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(25 * mm, line_y - 5 * mm, data.signer_line)

    # Verification QR
    qr_size = 38 * mm
    qr_x, qr_y = width - 25 * mm - qr_size, 62 * mm
    draw_qr(pdf, data.verify_url, qr_x, qr_y, qr_size)
    pdf.setFont("Helvetica", 8)
    pdf.drawRightString(width - 25 * mm, qr_y - 4 * mm, data.verify_label)
    pdf.drawRightString(width - 25 * mm, qr_y - 8 * mm, data.code)

    # Footer
    pdf.setFillColor(colors.HexColor("#555555"))
    pdf.setFont("Helvetica", 7.5)
    footer = Paragraph(data.footer, ParagraphStyle("footer", fontName="Helvetica", fontSize=7.5, leading=9.5))
    _, h = footer.wrap(frame_width, 40 * mm)
    footer.drawOn(pdf, 25 * mm, 15 * mm)

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
