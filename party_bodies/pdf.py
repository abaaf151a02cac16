"""Training attendance certificates. Takes plain data and returns bytes."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from core.pdf import BRAND, number
from militancia.pdf import fit_font_size


def attendance_certificate_pdf(data: dict) -> bytes:
    """A training attendance certificate (A4 landscape, one page). Every text is a paragraph
    centred in the frame, laid out from the top: long names, titles, topics and places wrap."""
    from reportlab.lib.pagesizes import landscape
    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(_("Attendance certificate"))
    pdf.setStrokeColor(BRAND)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setLineWidth(0.8)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    text_width = width - 60 * mm

    def style(name, size, bold=False, color=colors.black):
        font = "Helvetica-Bold" if bold else "Helvetica"
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=size * 1.25, alignment=TA_CENTER, textColor=color
        )

    name_size = fit_font_size(data["name"], "Helvetica-Bold", 22, text_width, 16)
    blocks = [
        (_("CERTIFICATE OF ATTENDANCE"), style("heading", 26, bold=True, color=BRAND), 6 * mm),
        (_("The party's secretariat of training and political education certifies that"), style("lead", 13), 6 * mm),
        (escape(data["name"]), style("name", name_size, bold=True), 1 * mm),
        (escape(data["document"]), style("document", 12), 6 * mm),
        (
            _("attended the %(kind)s “%(title)s”")
            % {"kind": escape(data["event_kind"].lower()), "title": escape(data["title"])},
            style("event", 13),
            2 * mm,
        ),
        (_("Topic: %(topic)s") % {"topic": escape(data["topic"])}, style("topic", 11.5), 2 * mm),
        (
            _("held on %(date)s in %(place)s (%(territory)s), %(hours)s hours, given by %(trainer)s.")
            % {
                **{k: escape(str(data[k])) for k in ("date", "place", "territory", "trainer")},
                "hours": number(data["hours"]),
            },
            style("details", 11.5),
            0,
        ),
    ]
    top = height - 32 * mm
    for text, paragraph_style, gap in blocks:
        paragraph = Paragraph(text, paragraph_style)
        _w, h = paragraph.wrap(text_width, height)
        paragraph.drawOn(pdf, 30 * mm, top - h)
        top -= h + gap
    pdf.setStrokeColor(colors.black)
    pdf.line(width / 2 - 45 * mm, 45 * mm, width / 2 + 45 * mm, 45 * mm)
    pdf.setFillColor(colors.black)
    pdf.setFont("Helvetica", 10)
    pdf.drawCentredString(width / 2, 40 * mm, _("Secretariat of training and political education"))
    pdf.setFont("Helvetica", 8)
    pdf.setFillColor(colors.grey)
    pdf.drawRightString(width - 20 * mm, 20 * mm, data["code"])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
