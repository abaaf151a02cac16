"""PDF renderers of communications: plain data in, bytes out (testable without the database)."""

from __future__ import annotations

import io
import math
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.dates import month_label
from core.dates import month_name as month_name_of
from core.pdf import a4_document, document_table

BRAND = colors.HexColor("#1d3b72")
ACCENT = colors.HexColor("#f0b429")
GREY = colors.HexColor("#6c757d")
# Short column labels (the network table has eight columns on an A4 page).
METRIC_LABELS = {
    "followers": pgettext_lazy("report column", "Followers"),
    "posts": pgettext_lazy("report column", "Posts"),
    "reach": pgettext_lazy("report column", "Reach"),
    "impressions": pgettext_lazy("report column", "Impressions"),
    "engagement": pgettext_lazy("report column", "Engagement"),
    "clicks": pgettext_lazy("report column", "Clicks"),
    "video_views": pgettext_lazy("report column", "Video views"),
}
STAGE_LABELS = {"content": gettext_lazy("Content review"), "design": gettext_lazy("Design review")}


def month_name(iso: str) -> str:
    return month_label(date.fromisoformat(iso))


def _number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{value:,}".replace(",", ".")


def _compact(value) -> str:
    """A bar label that fits above a narrow bar: 41.152 · 123,5 M · 1.234,6 M (millions)."""
    if value is None:
        return ""
    if abs(value) >= 1_000_000:
        return _("%(n)s M") % {"n": _number(round(value / 1_000_000, 1))}
    return _number(value)


def _fitting_size(text: str, width: float, size: float = 8, smallest: float = 5.5) -> float:
    """The largest font size (down to `smallest`) at which `text` fits `width` on one line: a
    number must never break across lines."""
    needed = stringWidth(text, "Helvetica", size)
    return size if needed <= width else max(smallest, math.floor(size * width / needed * 4) / 4)


def _percent(value) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{_number(float(value))} %"


def _hours(value) -> str:
    if value is None:
        return "—"
    if value >= 48:
        return _("%(days)s days") % {"days": _number(round(value / 24, 1))}
    return _("%(hours)s h") % {"hours": _number(float(value))}


def _table(rows, widths, align_right_from: int = 1) -> Table:
    return document_table(rows, widths, align_right_from=align_right_from)


def _axis_label(value) -> str:
    return _number(int(value)) if float(value).is_integer() else _number(float(value))


def _bar_chart(
    title: str,
    categories: list[str],
    series: list[tuple[str, list, object]],
    width=170 * mm,
    height=70 * mm,
    bar_colours: list | None = None,
):
    """`bar_colours`: one colour per category for a one-series chart (each bar is its own thing,
    named on the axis), instead of the series' one colour."""
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 38
    chart.width, chart.height = width - 50, height - 68
    chart.data = [values for _name, values, _colour in series] or [[0]]
    chart.categoryAxis.categoryNames = categories
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 0
    chart.valueAxis.valueMin = 0
    top = max([max(values or [0]) for _n, values, _c in series] or [0])
    chart.valueAxis.labels.fontSize = 7
    if all(float(v).is_integer() for _n, values, _c in series for v in values):
        # Whole numbers (pieces, followers): whole-number ticks, about five of them.
        step = max(1, math.ceil(top / 5))
        magnitude = 10 ** max(0, len(str(step)) - 1)
        step = math.ceil(step / magnitude) * magnitude
        chart.valueAxis.valueStep = step
        chart.valueAxis.valueMax = step * (math.floor(top / step) + 1)
    else:
        chart.valueAxis.valueMax = max(1, top * 1.15)
    chart.valueAxis.labelTextFormat = _axis_label
    chart.barSpacing = 1
    chart.groupSpacing = 6
    chart.barLabels.fontSize = 6.5
    chart.barLabelFormat = lambda v: _compact(v) if v else ""
    chart.barLabels.nudge = 6
    for index, (_name, _values, colour) in enumerate(series):
        chart.bars[index].fillColor = colour
        chart.bars[index].strokeColor = None
    for index, colour in enumerate(bar_colours or []):
        chart.bars[(0, index)].fillColor = colour
    drawing.add(chart)
    drawing.add(String(0, height - 12, title, fontName="Helvetica-Bold", fontSize=10, fillColor=BRAND))
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = width - 150, height - 8
        legend.fontSize = 7.5
        legend.columnMaximum = 1
        legend.dx = legend.dy = 7
        legend.deltax = 70
        legend.alignment = "right"
        legend.colorNamePairs = [(colour, name) for name, _values, colour in series]
        drawing.add(legend)
    return drawing


def render_monthly_report(figures: dict) -> bytes:
    """The monthly management report: production, reviews, and network statistics with charts."""
    buffer = io.BytesIO()
    title = _("Monthly communications report — %(month)s") % {"month": month_name(figures["month"])}
    doc = a4_document(buffer, title=title, author="Militancia")
    styles = getSampleStyleSheet()
    h1 = ParagraphStyle("h1", parent=styles["Title"], textColor=BRAND, fontSize=17, alignment=0, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], textColor=BRAND, fontSize=12.5, spaceBefore=10, spaceAfter=4)
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, textColor=GREY)
    labels = figures["channel_labels"]
    channels = list(labels)
    story = [
        Paragraph(title, h1),
        Paragraph(
            _(
                "Pieces with the final file delivered: <b>%(produced)s</b> · pieces published: "
                "<b>%(pieces)s</b> · posts on the networks: <b>%(posts)s</b>"
            )
            % {
                "produced": _number(figures["produced_total"]),
                "pieces": _number(figures["published_pieces"]),
                "posts": _number(figures["published_total"]),
            },
            body,
        ),
        Spacer(1, 4 * mm),
        Paragraph(_("1. Pieces produced and published per channel"), h2),
    ]
    rows = [[_("Channel"), _("Produced"), pgettext("pieces", "Published")]]
    for channel in channels:
        rows.append([labels[channel], _number(figures["produced"][channel]), _number(figures["published"][channel])])
    rows.append(
        [_("Total per channel"), _number(sum(figures["produced"].values())), _number(figures["published_total"])]
    )
    table = _table(rows, [60 * mm, 35 * mm, 35 * mm])
    table.setStyle(TableStyle([("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold")]))
    story += [
        table,
        Spacer(1, 3 * mm),
        _bar_chart(
            _("Pieces per channel"),
            [labels[c] for c in channels],
            [
                (_("Produced"), [figures["produced"][c] for c in channels], BRAND),
                (pgettext("pieces", "Published"), [figures["published"][c] for c in channels], ACCENT),
            ],
            height=58 * mm,
        ),
        Paragraph(
            _("A piece counts on each channel it was planned for (produced) or published on (published)."),
            small,
        ),
    ]

    th = ParagraphStyle("th", parent=small, textColor=colors.white, fontName="Helvetica-Bold", fontSize=7.5, leading=9)
    headers = (_("Control point"), _("Decisions"), pgettext("decisions", "Approved"), pgettext("decisions", "Returned"),
               _("Return rate"), _("Rounds per approval"), _("Average wait"), _("Longest wait"))  # fmt: skip
    review_rows = [[Paragraph(str(h), th) for h in headers]]
    for stage, label in STAGE_LABELS.items():
        data = figures["review"][stage]
        review_rows.append(
            [
                Paragraph(str(label), body),
                _number(data["decisions"]),
                _number(data["approved"]),
                _number(data["returned"]),
                _percent(data["return_rate"]).lstrip("+"),
                _number(data["avg_rounds"]),
                _hours(data["avg_wait_hours"]),
                _hours(data["max_wait_hours"]),
            ]
        )
    wait_chart = _bar_chart(
        _("Waiting time in review (hours)"),
        [str(label) for label in STAGE_LABELS.values()],
        [
            (_("Average"), [figures["review"][s]["avg_wait_hours"] or 0 for s in STAGE_LABELS], BRAND),
            (_("Longest"), [figures["review"][s]["max_wait_hours"] or 0 for s in STAGE_LABELS], ACCENT),
        ],
        height=52 * mm,
    )
    story += [
        KeepTogether(
            [
                Paragraph(_("2. The chief's reviews"), h2),
                _table(review_rows, [30 * mm, 20 * mm, 20 * mm, 18 * mm, 20 * mm, 22 * mm, 22 * mm, 22 * mm]),
                Paragraph(
                    _(
                        "Wait: from the moment the piece is sent for review to the chief's decision. "
                        "Rounds: versions reviewed until approval."
                    ),
                    small,
                ),
                Spacer(1, 3 * mm),
                wait_chart,
            ]
        )
    ]

    story.append(Paragraph(_("3. Network statistics"), h2))
    networks = figures["networks"]
    if not networks:
        story.append(Paragraph(_("No network statistics were recorded for this month or the previous one."), body))
    else:
        header = [_("Network")] + [METRIC_LABELS[m] for m in METRIC_LABELS]
        rows = [[Paragraph(str(h), th) for h in header]]
        label_width, metric_width, padding = 20 * mm, 21.4 * mm, 3
        room = metric_width - 2 * padding
        for network in networks:
            values = [Paragraph(network["label"], ParagraphStyle("net", parent=small, textColor=colors.black))]
            for name in METRIC_LABELS:
                metric = network["metrics"][name]
                change = metric["change"]
                colour = "#198754" if (change or 0) > 0 else "#b02a37" if (change or 0) < 0 else "#6c757d"
                figure, delta = _number(metric["value"]), _percent(change)
                size, delta_size = _fitting_size(figure, room), _fitting_size(delta, room, 6.5, 5)
                values.append(
                    Paragraph(
                        f"<font size={size}>{figure}</font><br/><font size={delta_size} color='{colour}'>{delta}</font>",
                        ParagraphStyle("cell", parent=small, textColor=colors.black, alignment=2, fontSize=8),
                    )
                )
            rows.append(values)
        table = _table(rows, [label_width] + [metric_width] * 7)
        table.setStyle(
            TableStyle([("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding)])
        )
        story.append(table)
        story.append(
            Paragraph(
                _("Under each figure: change against %(month)s.") % {"month": month_name(figures["previous_month"])},
                small,
            )
        )
        story.append(Spacer(1, 3 * mm))
        charts = (
            (_("Followers per network"), "followers", colors.HexColor("#9fb3d9"), BRAND),
            (_("Reach per network"), "reach", colors.HexColor("#f7d894"), ACCENT),
        )
        for title, metric, previous_colour, colour in charts:
            story.append(
                _bar_chart(
                    title,
                    [n["label"] for n in networks],
                    [
                        (
                            month_name(figures["previous_month"]),
                            [n["metrics"][metric]["previous"] or 0 for n in networks],
                            previous_colour,
                        ),
                        (month_name(figures["month"]), [n["metrics"][metric]["value"] or 0 for n in networks], colour),
                    ],
                    height=60 * mm,
                )
            )

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(18 * mm, 9 * mm, _("Militancia · Communications"))
        canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, _("Page %(number)s") % {"number": document.page})
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def render_meeting_minutes(data: dict) -> bytes:
    """The minutes of an editorial meeting. `data`: date (ISO), attendees, topics, sources, products,
    channels (labels), decisions, recorded_by, pieces [{title, status, author}]."""
    buffer = io.BytesIO()
    day = date.fromisoformat(data["date"])
    title = _("Minutes of the editorial meeting of %(date)s") % {
        "date": _("%(day)s %(month)s %(year)s") % {"day": day.day, "month": month_name_of(day.month), "year": day.year}
    }
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm, bottomMargin=18 * mm,
        title=title, author="Militancia",
    )  # fmt: skip
    styles = getSampleStyleSheet()
    h1 = ParagraphStyle("h1", parent=styles["Title"], textColor=BRAND, fontSize=16, alignment=0, spaceAfter=8)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], textColor=BRAND, fontSize=11.5, spaceBefore=8, spaceAfter=3)
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=14)

    def text(value: str) -> Paragraph:
        escaped = (value or "—").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return Paragraph(escaped.replace("\n", "<br/>"), body)

    story = [Paragraph(title, h1)]
    for heading, value in (
        (_("Attendees"), data["attendees"]),
        (_("Topics"), data["topics"]),
        (_("Sources to consult"), data["sources"]),
        (_("Products to make"), data["products"]),
        (_("Channels to use"), ", ".join(data["channels"])),
        (_("Decisions"), data["decisions"]),
    ):
        story += [Paragraph(str(heading), h2), text(value)]
    if data["pieces"]:
        th = ParagraphStyle("th", parent=body, textColor=colors.white, fontName="Helvetica-Bold", fontSize=9)
        rows = [[Paragraph(str(h), th) for h in (_("Piece"), _("Status"), _("Author"))]]
        rows += [[text(p["title"]), text(p["status"]), text(p["author"])] for p in data["pieces"]]
        story += [
            Paragraph(str(_("Pieces decided")), h2),
            _table(rows, [78 * mm, 36 * mm, 52 * mm], align_right_from=3),
        ]
    story += [Spacer(1, 10 * mm), Paragraph(_("Recorded by %(name)s.") % {"name": data["recorded_by"]}, body)]
    doc.build(story)
    return buffer.getvalue()


TONE_COLOURS = {"positive": colors.HexColor("#198754"), "neutral": GREY, "negative": colors.HexColor("#dc3545")}
# One colour per kind of appearance, each at least 4.5:1 against the white page (WCAG 1.4.11 asks
# 3:1 of graphics): the brand's navy, a burnt orange and a teal, told apart with colour-blindness too.
KIND_COLOURS = [BRAND, colors.HexColor("#b35900"), colors.HexColor("#0b7285"), GREY]


def render_press_report(figures: dict) -> bytes:
    """The monthly press report: appearances, bulletins published, and mentions by tone and outlet."""
    from xml.sax.saxutils import escape

    buffer = io.BytesIO()
    title = _("Monthly press report — %(month)s") % {"month": month_name(figures["month"])}
    doc = a4_document(buffer, title=title, author="Militancia")
    styles = getSampleStyleSheet()
    h1 = ParagraphStyle("h1", parent=styles["Title"], textColor=BRAND, fontSize=17, alignment=0, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], textColor=BRAND, fontSize=12.5, spaceBefore=10, spaceAfter=4)
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9, leading=12)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, textColor=GREY)
    kinds, tones = figures["kind_labels"], figures["tone_labels"]
    story = [
        Paragraph(title, h1),
        Paragraph(
            _(
                "Press appearances: <b>%(appearances)s</b> · bulletins published: <b>%(releases)s</b> · "
                "media mentions: <b>%(mentions)s</b> (%(from_releases)s after a bulletin)"
            )
            % {
                "appearances": _number(figures["appearances_total"]),
                "releases": _number(figures["releases_total"]),
                "mentions": _number(figures["mentions_total"]),
                "from_releases": _number(figures["mentions_from_releases"]),
            },
            body,
        ),
        Spacer(1, 3 * mm),
        Paragraph(_("1. Interviews, press conferences and appearances"), h2),
        _bar_chart(
            _("Appearances by kind"),
            [kinds[k] for k in kinds],
            [(_("Appearances"), [figures["appearances_by_kind"][k] for k in kinds], BRAND)],
            height=50 * mm,
            bar_colours=[KIND_COLOURS[i % len(KIND_COLOURS)] for i in range(len(kinds))],
        ),
    ]
    if figures["appearances"]:
        rows = [[_("Date"), _("Kind"), _("Medium"), _("Spokesperson"), _("Topic")]]
        rows += [
            [a["when"], a["kind"], Paragraph(escape(a["medium"]), cell), Paragraph(escape(a["spokesperson"]), cell),
             Paragraph(escape(a["topic"]), cell)]
            for a in figures["appearances"]
        ]  # fmt: skip
        story.append(document_table(rows, [26 * mm, 28 * mm, 38 * mm, 36 * mm, 46 * mm]))
    else:
        story.append(Paragraph(_("No appearances this month."), body))
    story.append(Paragraph(_("2. Press bulletins published"), h2))
    if figures["releases"]:
        rows = [[_("Number"), _("Title"), _("Mentions")]]
        rows += [[r["code"], Paragraph(escape(r["title"]), cell), _number(r["mentions"])] for r in figures["releases"]]
        story.append(document_table(rows, [24 * mm, 125 * mm, 25 * mm], align_right_from=2))
    else:
        story.append(Paragraph(_("No bulletins published this month."), body))
    tone_keys = list(tones)
    outlet_names = [o["outlet"] for o in figures["outlets"]]
    story += [
        Paragraph(_("3. Media mentions by tone and outlet"), h2),
        KeepTogether(
            [
                _bar_chart(
                    _("Mentions by tone"),
                    [tones[t] for t in tone_keys],
                    [(_("Mentions"), [figures["tones"][t] for t in tone_keys], BRAND)],
                    height=48 * mm,
                    bar_colours=[TONE_COLOURS.get(t, GREY) for t in tone_keys],
                ),
            ]
        ),
    ]
    if outlet_names:
        story.append(
            _bar_chart(
                _("Mentions by outlet (the %(n)s with most)") % {"n": len(outlet_names)},
                [name[:16] for name in outlet_names],
                [(tones[t], [o[t] for o in figures["outlets"]], TONE_COLOURS.get(t, GREY)) for t in tone_keys],
                height=62 * mm,
            )
        )
        rows = [[_("Outlet"), *[tones[t] for t in tone_keys], _("Total")]]
        rows += [
            [Paragraph(escape(o["outlet"]), cell), *[_number(o[t]) for t in tone_keys], _number(o["total"])]
            for o in figures["outlets"]
        ]
        story.append(document_table(rows, [74 * mm, 25 * mm, 25 * mm, 25 * mm, 25 * mm], align_right_from=1))
    else:
        story.append(Paragraph(_("No media mentions this month."), body))
    story += [
        Spacer(1, 4 * mm),
        Paragraph(_("Figures from the press agenda and media monitoring of Militancia."), small),
    ]
    doc.build(story)
    return buffer.getvalue()
