"""The monthly national report of indicators and targets. Takes plain data and returns bytes."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from core.pdf import BRAND, a4_document, document_styles, document_table, number


def _indicator_cell(item: dict | None, style) -> Paragraph | str:
    """Value over target, in two lines so a 7-digit value and its target fit a narrow column."""
    if not item or item.get("value") in ("", None):
        return "—"
    percent = item.get("percent")

    def fmt(value):
        return number(value) + " %" if percent else number(value)

    text = fmt(item["value"])
    if item.get("target") not in ("", None):
        text += f'<br/><font color="#6c757d">/ {fmt(item["target"])}</font>'
    return Paragraph(text, style)


def national_report_pdf(data: dict) -> bytes:
    """The monthly national report: indicators by department against targets, with a chart.
    Cells: {"value", "target", "percent"}; values may come as "12.00" and print as 12."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import landscape
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import KeepTogether

    page_width = landscape(A4)[0]
    buffer = BytesIO()
    doc = a4_document(
        buffer,
        title=_("Monthly national report"),
        margin=12 * mm,
        pagesize=landscape(A4),
        topMargin=12 * mm,
        bottomMargin=12 * mm,
    )
    s = document_styles()
    figure = ParagraphStyle("figure", parent=s["cell"], fontSize=8, leading=9.5, alignment=TA_RIGHT)
    figure_bold = ParagraphStyle("figure_bold", parent=figure, fontName="Helvetica-Bold")
    place = ParagraphStyle("place", parent=s["cell"], fontSize=8, leading=9.5)
    place_bold = ParagraphStyle("place_bold", parent=place, fontName="Helvetica-Bold")
    story = [
        Paragraph(_("Monthly national report · %(period)s") % {"period": escape(data["period"])}, s["title"]),
        Paragraph(
            _("Generated on %(when)s. Each cell: value / target.") % {"when": escape(data["generated"])}, s["small"]
        ),
        Spacer(1, 4 * mm),
    ]
    indicators = data["indicators"]
    header = [Paragraph(_("Department"), s["head"])] + [Paragraph(escape(label), s["head"]) for _k, label in indicators]
    rows = [header]
    for row in data["rows"]:
        rows.append(
            [Paragraph(escape(row["territory"]), place)]
            + [_indicator_cell(row["cells"].get(key), figure) for key, _label in indicators]
        )
    if data.get("national"):
        rows.append(
            [Paragraph(_("National"), place_bold)]
            + [_indicator_cell(data["national"].get(key), figure_bold) for key, _label in indicators]
        )
    first = 46 * mm
    width = (page_width - 24 * mm - first) / len(indicators)
    story.append(document_table(rows, [first] + [width] * len(indicators)))

    members = [
        (row["territory"], float((row["cells"].get("members_total") or {}).get("value") or 0)) for row in data["rows"]
    ]
    members = [m for m in members if m[1] > 0]
    if members:
        members.sort(key=lambda m: m[1])
        members = members[-20:]
        height = 14 * len(members) + 40
        drawing = Drawing(page_width - 24 * mm, height)
        chart = HorizontalBarChart()
        # The category labels sit left of the chart: leave them the room the longest one needs.
        label_room = max(stringWidth(name, "Helvetica", 7) for name, _v in members) + 12
        chart.x, chart.y = label_room, 20
        chart.width, chart.height = drawing.width - label_room - 30, height - 30
        chart.data = [[m[1] for m in members]]
        chart.categoryAxis.categoryNames = [m[0] for m in members]
        chart.categoryAxis.labels.fontSize = 7
        chart.valueAxis.labels.fontSize = 7
        chart.valueAxis.valueMin = 0
        chart.valueAxis.labelTextFormat = number
        chart.bars[0].fillColor = BRAND
        drawing.add(chart)
        story.append(Spacer(1, 6 * mm))
        # The heading never stays alone at the foot of a page: it moves with its chart.
        story.append(KeepTogether([Paragraph(_("Members by department"), s["h2"]), drawing]))
    doc.build(story)
    return buffer.getvalue()
