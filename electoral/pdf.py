"""PDF documents of the electoral app. Functions take plain data and return bytes (testable without the database)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
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
    pdf.setTitle(_("Poll watcher credentials"))
    width, height = A4
    for index, item in enumerate(items):
        if index and index % 2 == 0:
            pdf.showPage()
        top = height - 15 * mm - (index % 2) * (height / 2)
        _credential(pdf, item, 15 * mm, top, width - 30 * mm, height / 2 - 25 * mm)
    if not items:
        pdf.drawString(20 * mm, height - 30 * mm, _("No poll watchers"))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _fit(text: str, font: str, size: float, width: float, max_lines: int, min_size: float = 7) -> tuple[list, float]:
    """The lines and font size that put `text` within `width` in at most `max_lines` lines: wrapped
    at word boundaries, the font shrunk down to `min_size`; past that, the last line ends in "…"."""
    text = str(text)
    while True:
        lines = simpleSplit(text, font, size, width) or [""]
        fits = len(lines) <= max_lines and all(stringWidth(line, font, size) <= width for line in lines)
        if fits or size <= min_size:
            break
        size -= 0.5
    if not fits:
        lines = lines[:max_lines]
        for index, line in enumerate(lines):
            last = index == len(lines) - 1 and len(simpleSplit(text, font, size, width)) > max_lines
            while line and stringWidth(line + ("…" if last else ""), font, size) > width:
                line = line[:-1]
                last = True
            lines[index] = line.rstrip() + ("…" if last else "")
    return lines, size


def _draw_lines(pdf, lines: list, font: str, size: float, x: float, y: float, leading: float) -> float:
    """Draw lines downwards from baseline `y`; returns the baseline after the last one."""
    pdf.setFont(font, size)
    for line in lines:
        pdf.drawString(x, y, line)
        y -= leading
    return y


def _credential(pdf, item: CredentialData, x: float, top: float, w: float, h: float) -> None:
    pdf.setStrokeColor(BRAND)
    pdf.setLineWidth(1.5)
    pdf.roundRect(x, top - h, w, h, 6 * mm)
    pdf.setFillColor(BRAND)
    pdf.rect(x, top - 18 * mm, w, 18 * mm, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    inner = w - 16 * mm
    lines, size = _fit(item.party, "Helvetica-Bold", 15, inner, 1, min_size=9)
    _draw_lines(pdf, lines, "Helvetica-Bold", size, x + 8 * mm, top - 9 * mm, 0)
    lines, size = _fit(f"{item.election} · {item.election_date}", "Helvetica", 10, inner, 1)
    _draw_lines(pdf, lines, "Helvetica", size, x + 8 * mm, top - 15 * mm, 0)
    pdf.setFillColor(colors.black)
    pdf.setFont("Helvetica", 9)
    number = _("No. %(number)s") % {"number": item.credential_number}
    pdf.drawRightString(x + w - 8 * mm, top - 28 * mm, number)
    title_width = inner - stringWidth(number, "Helvetica", 9) - 4 * mm
    lines, size = _fit(_("POLL WATCHER CREDENTIAL"), "Helvetica-Bold", 12, title_width, 1)
    _draw_lines(pdf, lines, "Helvetica-Bold", size, x + 8 * mm, top - 28 * mm, 0)
    rows = [
        (_("Name"), item.full_name),
        (_("Document"), item.document),
        (_("Role"), item.role),
        (_("Polling place"), item.place),
        (_("Table"), item.table or "—"),
        (_("Address"), item.address or "—"),
        (_("Municipality"), item.territory),
    ]
    # Values wrap within their column (two lines at most); the whole block shrinks until it
    # ends above the signature lines.
    value_x, value_width = x + 48 * mm, w - 56 * mm
    room = (top - 38 * mm) - (top - h + 22 * mm)
    for base in (11, 10, 9, 8, 7.5):
        fitted = [(label, *_fit(value or "—", "Helvetica-Bold", base, value_width, 2)) for label, value in rows]
        gap = base * 0.3 + 1.5 * mm
        needed = sum(len(lines) * size * 1.2 + gap for _label, lines, size in fitted)
        if needed <= room:
            break
    y = top - 38 * mm
    for label, lines, size in fitted:
        pdf.setFont("Helvetica", 9)
        pdf.setFillColor(colors.HexColor("#555555"))
        pdf.drawString(x + 8 * mm, y, label)
        pdf.setFillColor(colors.black)
        y = _draw_lines(pdf, lines, "Helvetica-Bold", size, value_x, y, size * 1.2) - gap
    pdf.setLineWidth(0.6)
    pdf.line(x + 8 * mm, top - h + 14 * mm, x + 78 * mm, top - h + 14 * mm)
    pdf.line(x + w - 78 * mm, top - h + 14 * mm, x + w - 8 * mm, top - h + 14 * mm)
    pdf.setFont("Helvetica", 8)
    pdf.drawString(x + 8 * mm, top - h + 10 * mm, _("Poll watcher's signature"))
    pdf.drawString(x + w - 78 * mm, top - h + 10 * mm, _("Legal representative of the party"))


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
    pdf.setTitle(_("Endorsement %(number)s") % {"number": data.letter_number})
    width, height = letter
    margin = 25 * mm
    text_width = width - 2 * margin
    pdf.setFillColor(BRAND)
    pdf.rect(0, height - 28 * mm, width, 28 * mm, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    pdf.setFont("Helvetica", 10)
    pdf.drawRightString(width - margin, height - 17 * mm, data.letter_number)
    party_width = text_width - stringWidth(data.letter_number, "Helvetica", 10) - 6 * mm
    lines, size = _fit(data.party, "Helvetica-Bold", 18, party_width, 2, min_size=10)
    first = height - 17 * mm + (size * 0.6 if len(lines) > 1 else 0)
    _draw_lines(pdf, lines, "Helvetica-Bold", size, margin, first, size * 1.15)
    pdf.setFillColor(colors.black)
    y = height - 45 * mm
    lines, size = _fit(f"{data.city}, {data.date}", "Helvetica", 11, text_width, 2)
    y = _draw_lines(pdf, lines, "Helvetica", size, margin, y, 14)
    y -= 10 * mm
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawCentredString(width / 2, y, _("ENDORSEMENT OF CANDIDACY"))
    y -= 14 * mm
    grant = _(
        "%(party)s, using the powers its statutes and the law give it, and following the decision of the "
        "committee (%(committee)s), ENDORSES %(candidate)s, identified with %(document)s, to register their "
        "candidacy for %(office)s for %(constituency)s in the election %(election)s"
    ) % {
        "party": data.party,
        "committee": data.committee_reference,
        "candidate": data.candidate_name,
        "document": data.candidate_document,
        "office": data.office,
        "constituency": data.constituency,
        "election": data.election,
    }
    place = (
        _(", in position %(position)s of the list.") % {"position": data.list_position} if data.list_position else "."
    )
    body = grant + place
    pledge = _(
        "The candidate states that they know the rules on disqualifications and incompatibilities and "
        "undertakes to abide by the party's code of ethics and statutes."
    )
    signature_y = 70 * mm
    # The text wraps by its measured width and shrinks, if it must, to end above the signature.
    for size in (11, 10.5, 10, 9.5, 9):
        leading = size * 1.45
        body_lines = simpleSplit(body, "Helvetica", size, text_width)
        pledge_lines = simpleSplit(pledge, "Helvetica", size, text_width)
        if y - (len(body_lines) + len(pledge_lines) + 1) * leading > signature_y + 10 * mm:
            break
    y = _draw_lines(pdf, body_lines, "Helvetica", size, margin, y, leading) - leading
    _draw_lines(pdf, pledge_lines, "Helvetica", size, margin, y, leading)
    pdf.line(margin, signature_y, 100 * mm, signature_y)
    lines, size = _fit(data.signer_name, "Helvetica-Bold", 11, text_width, 2)
    y = _draw_lines(pdf, lines, "Helvetica-Bold", size, margin, signature_y - 6 * mm, size * 1.25)
    lines, size = _fit(data.signer_title, "Helvetica", 10, text_width, 2)
    _draw_lines(pdf, lines, "Helvetica", size, margin, y - 1 * mm, size * 1.25)
    pdf.setFont("Helvetica", 8)
    pdf.setFillColor(colors.HexColor("#555555"))
    pdf.drawString(margin, 20 * mm, _("Document %(number)s generated by Militancia.") % {"number": data.letter_number})
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
