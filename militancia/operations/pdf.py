"""PDF documents of the membership operations. Each function takes plain data and returns bytes."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from militancia.pdf import fit_font_size

BRAND = colors.HexColor("#1d3b72")


def _styles():
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], textColor=BRAND, fontSize=16, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], textColor=BRAND, fontSize=12, spaceBefore=8),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontSize=9.5, leading=13),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=8, leading=10, textColor=colors.grey),
        "cell": ParagraphStyle("cell", parent=base["BodyText"], fontSize=8.5, leading=10.5),
        "head": ParagraphStyle(
            "head", parent=base["BodyText"], fontSize=8, leading=9.5, textColor=colors.white, fontName="Helvetica-Bold"
        ),
    }


def _table(rows, widths, header_rows=1):
    table = Table(rows, colWidths=widths, repeatRows=header_rows)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), BRAND),
                ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), colors.white),
                ("FONTNAME", (0, 0), (-1, header_rows - 1), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#c7cfdd")),
                ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, colors.HexColor("#f2f5fa")]),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def number(value, decimals: int = 0) -> str:
    """A number as Colombians write it: 1.234.567 (or 1.234,57 with decimals). Whole values of
    indicators come as "12.00" from Decimal fields: they print as 12. Needs no settings."""
    if value in (None, ""):
        return "—"
    amount = Decimal(str(value))
    if decimals == 0 and amount != amount.to_integral_value():
        decimals = 1
    text = f"{amount:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def money(value) -> str:
    """Colombian pesos: $ 1.234.567,00."""
    return "$ " + number(value, decimals=2)


def iso_to_dmy(value: str) -> str:
    """2026-11-20 → 20/11/2026 (figures keep ISO dates; people read dd/mm/aaaa)."""
    if not value or len(value) < 10 or value[4] != "-":
        return value or "—"
    return f"{value[8:10]}/{value[5:7]}/{value[0:4]}"


def acta_pdf(data: dict) -> bytes:
    """The delivery minutes. `data`: figures from `acta_figures` plus status, place, signers, observations."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=_("Delivery minutes"),
    )
    s = _styles()
    story = []
    title = _("Minutes of delivery %(delivery)s") % {"delivery": escape(data["delivery"])}
    if data.get("status") == "borrador":
        title += " — " + _("DRAFT")
    story.append(Paragraph(title, s["title"]))
    story.append(
        Paragraph(
            _(
                "Vendor: <b>%(vendor)s</b> (NIT %(nit)s) · Contract %(contract)s · Delivered on %(date)s · "
                "Inspection ISO 2859-1, level II, AQL %(aql)s, with switching rules · Place: %(place)s"
            )
            % {
                "vendor": escape(data["vendor"]),
                "nit": escape(data.get("vendor_tax_id") or "—"),
                "contract": escape(data["contract"]),
                "date": iso_to_dmy(data["delivered_on"]),
                "aql": data["aql"],
                "place": escape(data.get("place", "")),
            },
            s["body"],
        )
    )
    story.append(Paragraph(_("Boxes audited"), s["h2"]))
    head = s["head"]
    figure = ParagraphStyle("figure", parent=s["cell"], alignment=TA_RIGHT)
    rows = [
        [
            Paragraph(_("Box"), head),
            Paragraph(_("Forms"), head),
            Paragraph(_("Rounds"), head),
            Paragraph(pgettext("iso 2859 severity", "Inspection"), head),
            Paragraph(_("Sample"), head),
            Paragraph(_("Ac / Re"), head),
            Paragraph(_("Nonconforming"), head),
            Paragraph(_("Result"), head),
        ]
    ]
    for box in data["boxes"]:
        rows.append(
            [
                Paragraph(escape(box["code"]), s["cell"]),
                Paragraph(number(box["forms"]), figure),
                Paragraph(number(box["rounds"]), figure),
                Paragraph(escape(box.get("inspection_label") or pgettext("iso 2859 severity", "Normal")), s["cell"]),
                Paragraph(number(box["sample_size"]), figure),
                Paragraph(
                    f"{number(box['accept'])} / {number(box['reject'])}" if box["accept"] is not None else "—", figure
                ),
                Paragraph(number(box["nonconforming"]), figure),
                Paragraph(escape(box["status_label"]), s["cell"]),
            ]
        )
    story.append(_table(rows, [30 * mm, 22 * mm, 15 * mm, 22 * mm, 18 * mm, 18 * mm, 22 * mm, 27 * mm]))
    story.append(Spacer(1, 6 * mm))
    totals = [
        [_("Accepted forms"), number(data["accepted_forms"])],
        [_("Price per form"), money(data["unit_price"])],
        [_("Amount to pay"), money(data["amount"])],
    ]
    totals_table = Table(totals, colWidths=[60 * mm, 50 * mm])
    totals_table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 2), (-1, 2), "Helvetica-Bold"),
                ("LINEABOVE", (0, 2), (-1, 2), 0.8, BRAND),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ]
        )
    )
    totals_table.hAlign = "RIGHT"
    story.append(totals_table)
    if data.get("observations"):
        story.append(Paragraph(_("Observations"), s["h2"]))
        story.append(Paragraph(escape(data["observations"]).replace("\n", "<br/>"), s["body"]))
    story.append(Paragraph(_("Signatures"), s["h2"]))
    signers = data.get("signers") or []
    cells = []
    for signer in signers:
        cells.append(
            Paragraph(
                f"<br/><br/><br/>______________________________<br/><b>{escape(signer['name'])}</b><br/>{escape(signer['role'])}",
                s["cell"],
            )
        )
    if cells:
        grid = [cells[i : i + 2] for i in range(0, len(cells), 2)]
        if len(grid[-1]) == 1:
            grid[-1].append("")
        story.append(Table(grid, colWidths=[87 * mm, 87 * mm]))
    story.append(Spacer(1, 6 * mm))
    story.append(
        Paragraph(
            _("Rejected boxes are returned to the vendor with their list of errors and are not paid in this delivery."),
            s["small"],
        )
    )
    doc.build(story)
    return buffer.getvalue()


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
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=_("Monthly national report"),
    )
    s = _styles()
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
    story.append(_table(rows, [first] + [width] * len(indicators)))

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


def member_data_report_pdf(data: dict) -> bytes:
    """Everything the party holds about a member (Ley 1581 de 2012, right of access)."""
    titles = {
        "record": _("Personal data in the registry"),
        "history": _("Status history"),
        "requests": _("Attention requests"),
        "offices": _("Offices held"),
        "training": _("Training"),
        "events": _("Record of changes and accesses"),
    }
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=_("Personal data report"),
    )
    s = _styles()
    story = [
        Paragraph(_("Personal data held about %(name)s") % {"name": escape(data["name"])}, s["title"]),
        Paragraph(
            _("Document %(doc)s · generated on %(when)s · Ley 1581 de 2012 (habeas data).")
            % {"doc": escape(data["document"]), "when": data["generated"]},
            s["small"],
        ),
    ]
    for key, rows in data["sections"]:
        story.append(Paragraph(titles.get(key, key), s["h2"]))
        if not rows:
            story.append(Paragraph(_("None."), s["body"]))
            continue
        table_rows = [[Paragraph(escape(str(a)), s["cell"]), Paragraph(escape(str(b)), s["cell"])] for a, b in rows]
        table = Table(table_rows, colWidths=[55 * mm, 119 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#c7cfdd")),
                    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f5fa")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    return buffer.getvalue()
