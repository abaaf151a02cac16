"""The meeting's minutes and its briefing. Each function takes plain data and returns bytes."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from core.pdf import BRAND, a4_document, document_styles, document_table, iso_to_dmy, number


def _paragraphs(text: str, style) -> list:
    return [Paragraph(escape(line) or "&nbsp;", style) for line in (text or "—").splitlines()]


def render_minutes(data: dict) -> bytes:
    """The minutes (acta) of a meeting: details, attendees, agenda, minutes and commitments."""
    buffer = BytesIO()
    doc = a4_document(buffer, title=pgettext("meeting", "Minutes"))
    styles = document_styles()
    story = [
        Paragraph(_("Minutes of the meeting"), styles["title"]),
        Paragraph(escape(data["title"]), styles["h2"]),
        document_table(
            [
                [_("Kind"), data["kind"]],
                [_("Date and time"), data["starts_at"]],
                [_("Place or link"), Paragraph(escape(data["where"]), styles["cell"])],
                [_("Convening secretariat"), data["secretariat"]],
                [_("Territory"), data["territory"]],
            ],
            [45 * mm, 129 * mm],
            header_rows=0,
        ),
        Paragraph(_("Attendees"), styles["h2"]),
        Paragraph(escape(", ".join(data["attendees"]) or "—"), styles["body"]),
        Paragraph(_("Agenda"), styles["h2"]),
        *_paragraphs(data["agenda"], styles["body"]),
        Paragraph(pgettext("meeting", "Minutes"), styles["h2"]),
        *_paragraphs(data["minutes"], styles["body"]),
        Paragraph(_("Commitments"), styles["h2"]),
    ]
    if data["commitments"]:
        rows = [[_("Commitment"), _("Responsible person"), _("Due date"), _("Status")]]
        rows += [
            [
                Paragraph(escape(c["description"]), styles["cell"]),
                c["responsible"],
                iso_to_dmy(c["due_on"]),
                c["status"],
            ]
            for c in data["commitments"]
        ]
        story.append(document_table(rows, [84 * mm, 40 * mm, 24 * mm, 26 * mm]))
    else:
        story.append(Paragraph(_("No commitments were recorded."), styles["body"]))
    story += [
        Spacer(1, 8 * mm),
        Paragraph(_("Recorded by %(who)s.") % {"who": escape(data["recorded_by"])}, styles["small"]),
    ]
    doc.build(story)
    return buffer.getvalue()


def render_briefing(data: dict) -> bytes:
    """One page: the current membership figures of the meeting's territory, for whoever attends."""
    buffer = BytesIO()
    doc = a4_document(buffer, title=_("Briefing"))
    styles = document_styles()
    figures = data["figures"]
    rows = [
        [_("Figure"), _("Value")],
        [_("Active members"), number(figures["members"])],
        [_("New members this month"), number(figures["new_this_month"])],
        [_("Active members with a card"), number(figures["with_card"])],
    ]
    for item in figures["month"]:
        if item["ratio"]:
            value = (
                "—"
                if item["value"] is None
                else f"{number(item['value'], 1)} % ({number(item['part'])}/{number(item['whole'])})"
            )
        else:
            value = number(item["value"])
        rows.append([_("%(figure)s · this month") % {"figure": item["label"]}, value])
    story = [
        Paragraph(_("Membership briefing"), styles["title"]),
        Paragraph(escape(data["meeting"]), styles["h2"]),
        Paragraph(
            _("%(territory)s · figures as of %(date)s (the month counts from %(start)s)")
            % {
                "territory": escape(figures["territory"]),
                "date": iso_to_dmy(figures["as_of"]),
                "start": iso_to_dmy(figures["month_start"]),
            },
            styles["body"],
        ),
        Spacer(1, 4 * mm),
        document_table(rows, [120 * mm, 54 * mm], align_right_from=1),
        Spacer(1, 6 * mm),
        _members_chart(figures),
        Spacer(1, 4 * mm),
        Paragraph(
            _("Generated from the registry on %(when)s by %(who)s. Aggregated figures: no personal data.")
            % {"when": data["generated_at"], "who": escape(data["generated_by"])},
            styles["small"],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()


def _members_chart(figures: dict) -> Drawing:
    drawing = Drawing(174 * mm, 45 * mm)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 52 * mm, 4 * mm, 115 * mm, 38 * mm
    chart.data = [[figures["members"], figures["with_card"], figures["new_this_month"]]]
    chart.categoryAxis.categoryNames = [_("Active members"), _("With a card"), _("New this month")]
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda value: number(value)
    chart.bars[0].fillColor = BRAND
    chart.barLabelFormat = lambda value: number(value)
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing
