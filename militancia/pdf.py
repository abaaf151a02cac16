"""Membership certificate PDF. Takes plain data, returns bytes (testable without a database)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from core.qr import draw_qr

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


def fit_font_size(text: str, font: str, size: float, width: float, smallest: float) -> float:
    """The font size, down to `smallest`, at which one line of text fits the width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    needed = stringWidth(text, font, size)
    return size if needed <= width else max(smallest, size * width / needed)


def certificate_pdf(data: CertificateData) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=LETTER, pageCompression=1)
    pdf.setTitle(data.title)
    pdf.setAuthor(data.party_name)
    width, height = LETTER

    # Header band: a long party name shrinks, then wraps, inside the band.
    frame_width = width - 50 * mm
    pdf.setFillColor(BRAND)
    pdf.rect(0, height - 38 * mm, width, 38 * mm, stroke=0, fill=1)
    party_size = fit_font_size(data.party_name, "Helvetica-Bold", 22, frame_width, 15)
    party = Paragraph(
        escape(data.party_name),
        ParagraphStyle(
            "party",
            fontName="Helvetica-Bold",
            fontSize=party_size,
            leading=party_size * 1.15,
            alignment=TA_CENTER,
            textColor=colors.white,
        ),
    )
    _, party_height = party.wrap(frame_width, 30 * mm)
    party.drawOn(pdf, 25 * mm, height - 8 * mm - party_height)
    subtitle = Paragraph(
        escape(data.title),
        ParagraphStyle(
            "subtitle", fontName="Helvetica", fontSize=12, leading=14, alignment=TA_CENTER, textColor=colors.white
        ),
    )
    _, subtitle_height = subtitle.wrap(frame_width, 20 * mm)
    subtitle.drawOn(pdf, 25 * mm, height - 10 * mm - party_height - subtitle_height)

    title_style = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=18, leading=22, alignment=TA_CENTER)
    body_style = ParagraphStyle("body", fontName="Helvetica", fontSize=12.5, leading=19, alignment=TA_JUSTIFY)

    heading = Paragraph(escape(data.title.upper()), title_style)
    _, h = heading.wrap(frame_width, 100 * mm)
    heading.drawOn(pdf, 25 * mm, height - 62 * mm - h)

    body = Paragraph(data.body, body_style)
    _, h = body.wrap(frame_width, 120 * mm)
    body_top = height - 80 * mm
    body.drawOn(pdf, 25 * mm, body_top - h)

    pdf.setFillColor(colors.black)
    place = Paragraph(
        escape(data.place_and_date), ParagraphStyle("place", fontName="Helvetica", fontSize=11, leading=14)
    )
    _, place_height = place.wrap(frame_width, 30 * mm)
    place.drawOn(pdf, 25 * mm, body_top - h - 10 * mm - place_height)

    # Signature line
    line_y = 85 * mm
    pdf.setStrokeColor(colors.grey)
    pdf.line(25 * mm, line_y, 95 * mm, line_y)
    signer = Paragraph(
        escape(data.signer_line), ParagraphStyle("signer", fontName="Helvetica", fontSize=10, leading=12)
    )
    _, signer_height = signer.wrap(80 * mm, 30 * mm)
    signer.drawOn(pdf, 25 * mm, line_y - 2 * mm - signer_height)

    # Verification QR
    qr_size = 38 * mm
    qr_x, qr_y = width - 25 * mm - qr_size, 62 * mm
    draw_qr(pdf, data.verify_url, qr_x, qr_y, qr_size, quiet=2)
    verify = Paragraph(
        f"{escape(data.verify_label)}<br/>{escape(data.code)}",
        ParagraphStyle("verify", fontName="Helvetica", fontSize=8, leading=10, alignment=TA_RIGHT),
    )
    _, verify_height = verify.wrap(70 * mm, 30 * mm)
    verify.drawOn(pdf, width - 25 * mm - 70 * mm, qr_y - 1 * mm - verify_height)

    # Footer
    pdf.setFillColor(colors.HexColor("#555555"))
    pdf.setFont("Helvetica", 7.5)
    footer = Paragraph(data.footer, ParagraphStyle("footer", fontName="Helvetica", fontSize=7.5, leading=9.5))
    _, h = footer.wrap(frame_width, 40 * mm)
    footer.drawOn(pdf, 25 * mm, 15 * mm)

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
