"""Card PDFs with reportlab: plain data in, bytes out (no database here).

Speed matters (a 10,000-card batch must render at hundreds of cards per second), so:
- the static parts of each design (background, band, logo, labels, the whole back) are drawn
  once per document as form XObjects and placed on every page with one operator;
- the QR code is drawn by core.qr (the matrix as one inline 1-bit image mask) instead of
  reportlab's QrCodeWidget;
- photos are passed as JPEG file paths, so reportlab copies the JPEG bytes instead of decoding
  them (carnets.photos prepares a small JPEG once per photo), and repeated images (logo,
  backgrounds) are embedded once per document;
- the content streams are left uncompressed and not ASCII85-encoded (photos are JPEG already).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from core.qr import draw_qr

CARD_W = 85.60 * mm
CARD_H = 53.98 * mm
CR80 = (CARD_W, CARD_H)
A4_COLUMNS, A4_ROWS = 2, 5
CARDS_PER_A4 = A4_COLUMNS * A4_ROWS

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"

# Front layout (points, origin bottom-left of the card).
BAND_H = 11 * mm
PHOTO = (4 * mm, 8.5 * mm, 21 * mm, 27 * mm)  # x, y, w, h
TEXT_X = 28 * mm
TEXT_W = CARD_W - TEXT_X - 3.5 * mm
QR_SIZE = 17 * mm
QR_X = CARD_W - 3.5 * mm - QR_SIZE
QR_Y = 3 * mm
NARROW_W = QR_X - TEXT_X - 1.5 * mm
NAME_MAX, NAME_MIN = 9.5, 5.0


@dataclass(frozen=True)
class DesignSpec:
    """What a design draws. Image fields are file paths (JPEG/PNG) or empty."""

    key: str
    party_name: str
    title: str
    primary_color: str = "#8B1E3F"
    text_color: str = "#1B1B1B"
    back_text: str = ""
    logo: str = ""
    front_background: str = ""
    back_background: str = ""
    labels: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CardSpec:
    """One card's variable data. `photo` is a JPEG path (see carnets.photos) or empty."""

    number: str
    first_names: str
    last_names: str
    id_label: str
    territory: str
    issued_on: str
    verify_url: str
    design_key: str
    photo: str = ""


def default_labels() -> dict:
    """The card's printed labels in the active language."""
    return {
        "document": _("Document"),
        "territory": _("Territory"),
        "number": _("Card no."),
        "issued": _("Issued"),
        "no_photo": _("NO PHOTO"),
        "verify": _("Check this card by scanning its QR code."),
    }


# ---------------------------------------------------------------------------------------------
# Text fitting


def fit_font_size(text: str, font: str, width: float, largest: float, smallest: float) -> tuple[float, float]:
    """(font size, horizontal scale %) so that `text` fits `width`: shrink, then condense.

    The longest names shrink down to `smallest`; beyond that the text is condensed horizontally,
    so it never runs past the card edge whatever its length.
    """
    natural = stringWidth(text, font, 1.0)
    if natural <= 0:
        return largest, 100.0
    size = min(largest, width / natural)
    if size >= smallest:
        return size, 100.0
    return smallest, max(1.0, 100.0 * width / (natural * smallest))


def _fitted(canvas: Canvas, text: str, x: float, y: float, font: str, width: float, largest: float, smallest: float):
    size, scale = fit_font_size(text, font, width, largest, smallest)
    if scale >= 100.0:
        canvas.setFont(font, size)
        canvas.drawString(x, y, text)
        return
    t = canvas.beginText(x, y)
    t.setFont(font, size)
    t.setHorizScale(scale)
    t.textOut(text)
    canvas.drawText(t)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if stringWidth(candidate, font, size) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


# ---------------------------------------------------------------------------------------------
# QR


# ---------------------------------------------------------------------------------------------
# Static parts of a design (form XObjects)


def _form_names(design: DesignSpec) -> tuple[str, str]:
    return f"front_{design.key}", f"back_{design.key}"


def _define_design_forms(canvas: Canvas, design: DesignSpec, labels: dict) -> None:
    front, back = _form_names(design)
    primary = HexColor(design.primary_color)
    text_color = HexColor(design.text_color)

    canvas.beginForm(front, 0, 0, CARD_W, CARD_H)
    if design.front_background:
        canvas.drawImage(design.front_background, 0, 0, CARD_W, CARD_H)
    canvas.setFillColor(primary)
    canvas.rect(0, CARD_H - BAND_H, CARD_W, BAND_H, stroke=0, fill=1)
    text_left = 4 * mm
    if design.logo:
        canvas.drawImage(
            design.logo, 3 * mm, CARD_H - BAND_H + 1.2 * mm, 8.6 * mm, 8.6 * mm, mask="auto", preserveAspectRatio=True
        )
        text_left = 13.5 * mm
    canvas.setFillColor(white)
    _fitted(canvas, design.party_name, text_left, CARD_H - 5.4 * mm, FONT_BOLD, CARD_W - text_left - 3 * mm, 10, 5)
    _fitted(canvas, design.title, text_left, CARD_H - 9.1 * mm, FONT, CARD_W - text_left - 3 * mm, 6.5, 4)
    canvas.setFillColor(HexColor("#6B6B6B"))
    canvas.setFont(FONT, 4.6)
    canvas.drawString(TEXT_X, 29.6 * mm, labels["document"])
    canvas.drawString(TEXT_X, 22.6 * mm, labels["territory"])
    canvas.drawString(TEXT_X, 15.6 * mm, labels["number"])
    canvas.drawString(TEXT_X, 8.6 * mm, labels["issued"])
    canvas.setStrokeColor(primary)
    canvas.setLineWidth(0.6)
    canvas.rect(*PHOTO, stroke=1, fill=0)
    canvas.setFillColor(text_color)
    canvas.endForm()

    canvas.beginForm(back, 0, 0, CARD_W, CARD_H)
    if design.back_background:
        canvas.drawImage(design.back_background, 0, 0, CARD_W, CARD_H)
    canvas.setFillColor(primary)
    canvas.rect(0, 0, CARD_W, 6 * mm, stroke=0, fill=1)
    canvas.setFillColor(text_color)
    _fitted(canvas, design.party_name, 5 * mm, CARD_H - 7 * mm, FONT_BOLD, CARD_W - 10 * mm, 9, 5)
    size = 6.2
    lines = wrap(design.back_text, FONT, size, CARD_W - 10 * mm)
    max_lines = int((CARD_H - 17 * mm) / (size * 1.25))
    y = CARD_H - 12 * mm
    canvas.setFont(FONT, size)
    for line in lines[:max_lines]:
        canvas.drawString(5 * mm, y, line)
        y -= size * 1.25
    canvas.setFillColor(white)
    canvas.setFont(FONT, 5)
    canvas.drawCentredString(CARD_W / 2, 2.2 * mm, labels["verify"])
    canvas.endForm()


def _draw_photo_placeholder(canvas: Canvas, label: str) -> None:
    x, y, w, h = PHOTO
    canvas.setFillColor(HexColor("#E4E4E4"))
    canvas.rect(x, y, w, h, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#A8A8A8"))
    canvas.circle(x + w / 2, y + h * 0.64, w * 0.2, stroke=0, fill=1)
    canvas.wedge(x + w * 0.15, y + h * 0.05, x + w * 0.85, y + h * 0.62, 0, 180, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#5A5A5A"))
    canvas.setFont(FONT_BOLD, 4.5)
    canvas.drawCentredString(x + w / 2, y + 1.4 * mm, label)


# ---------------------------------------------------------------------------------------------
# Card faces


def _draw_front(canvas: Canvas, card: CardSpec, design: DesignSpec, labels: dict) -> None:
    front, _back = _form_names(design)
    canvas.doForm(front)
    if card.photo:
        canvas.drawImage(card.photo, *PHOTO)
    else:
        _draw_photo_placeholder(canvas, labels["no_photo"])
    canvas.setFillColor(HexColor(design.text_color))
    _fitted(canvas, card.first_names, TEXT_X, 38 * mm, FONT_BOLD, TEXT_W, NAME_MAX, NAME_MIN)
    _fitted(canvas, card.last_names, TEXT_X, 34 * mm, FONT_BOLD, TEXT_W, NAME_MAX, NAME_MIN)
    _fitted(canvas, card.id_label, TEXT_X, 26.6 * mm, FONT, TEXT_W, 7.5, 5)
    _fitted(canvas, card.territory, TEXT_X, 19.6 * mm, FONT, NARROW_W, 7, 4.5)
    _fitted(canvas, card.number, TEXT_X, 12.6 * mm, FONT_BOLD, NARROW_W, 7.5, 5)
    canvas.setFont(FONT, 7)
    canvas.drawString(TEXT_X, 5.6 * mm, card.issued_on)
    draw_qr(canvas, card.verify_url, QR_X, QR_Y, QR_SIZE)


def _draw_back(canvas: Canvas, card: CardSpec, design: DesignSpec) -> None:
    _front, back = _form_names(design)
    canvas.doForm(back)
    canvas.setFillColor(HexColor(design.text_color))
    canvas.setFont(FONT, 5.5)
    canvas.drawRightString(CARD_W - 5 * mm, 8 * mm, card.number)


# ---------------------------------------------------------------------------------------------
# Documents


def _new_canvas(buffer, pagesize, title: str) -> Canvas:
    canvas = Canvas(buffer, pagesize=pagesize, pageCompression=0, invariant=0)
    canvas._doc.setCompression(0)  # also leaves the form XObjects uncompressed
    canvas.setTitle(title)
    canvas.setCreator("Militancia")
    return canvas


def render_cards(
    cards: Iterable[CardSpec],
    designs: dict[str, DesignSpec],
    *,
    layout: str = "cr80",
    title: str = "",
    labels: dict | None = None,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 500,
) -> bytes:
    """The batch PDF. "cr80": one card per page at exact CR80 size, front page then back page
    (duplex-ready). "a4": sheets of 10 cards with crop marks, each front sheet followed by its back
    sheet mirrored left-right so that it lines up when printed duplex on the long edge."""
    labels = {**default_labels(), **(labels or {})}
    title = title or _("Cards")
    buffer = io.BytesIO()
    pagesize = CR80 if layout == "cr80" else A4
    canvas = _new_canvas(buffer, pagesize, title)
    defined: set[str] = set()

    def ensure(design: DesignSpec) -> None:
        if design.key not in defined:
            _define_design_forms(canvas, design, labels)
            defined.add(design.key)

    done = 0
    if layout == "cr80":
        for card in cards:
            design = designs[card.design_key]
            ensure(design)
            _draw_front(canvas, card, design, labels)
            canvas.showPage()
            _draw_back(canvas, card, design)
            canvas.showPage()
            done += 1
            if progress and done % progress_every == 0:
                progress(done)
    else:
        sheet: list[CardSpec] = []
        for card in cards:
            ensure(designs[card.design_key])
            sheet.append(card)
            if len(sheet) == CARDS_PER_A4:
                _a4_sheet(canvas, sheet, designs, labels)
                done += len(sheet)
                sheet = []
                if progress and done % progress_every < CARDS_PER_A4:
                    progress(done)
        if sheet:
            _a4_sheet(canvas, sheet, designs, labels)
            done += len(sheet)
    if done == 0:
        raise ValueError("No cards to render.")
    canvas.save()
    if progress:
        progress(done)
    return buffer.getvalue()


A4_MARGIN_X = (A4[0] - A4_COLUMNS * CARD_W) / 2
A4_MARGIN_Y = (A4[1] - A4_ROWS * CARD_H) / 2


def _slot(index: int, mirrored: bool) -> tuple[float, float]:
    row, col = divmod(index, A4_COLUMNS)
    if mirrored:
        col = A4_COLUMNS - 1 - col
    return A4_MARGIN_X + col * CARD_W, A4[1] - A4_MARGIN_Y - (row + 1) * CARD_H


def _crop_marks(canvas: Canvas) -> None:
    canvas.setStrokeColor(HexColor("#000000"))
    canvas.setLineWidth(0.25)
    gap, length = 1.5 * mm, 5 * mm
    xs = [A4_MARGIN_X + i * CARD_W for i in range(A4_COLUMNS + 1)]
    ys = [A4_MARGIN_Y + i * CARD_H for i in range(A4_ROWS + 1)]
    for x in xs:
        canvas.line(x, ys[-1] + gap, x, ys[-1] + gap + length)
        canvas.line(x, ys[0] - gap, x, ys[0] - gap - length)
    for y in ys:
        canvas.line(xs[0] - gap, y, xs[0] - gap - length, y)
        canvas.line(xs[-1] + gap, y, xs[-1] + gap + length, y)


def _a4_sheet(canvas: Canvas, sheet: list[CardSpec], designs: dict[str, DesignSpec], labels: dict) -> None:
    for mirrored, draw in ((False, _draw_front), (True, _draw_back)):
        _crop_marks(canvas)
        for index, card in enumerate(sheet):
            x, y = _slot(index, mirrored)
            canvas.saveState()
            canvas.translate(x, y)
            if draw is _draw_front:
                _draw_front(canvas, card, designs[card.design_key], labels)
            else:
                _draw_back(canvas, card, designs[card.design_key])
            canvas.restoreState()
        canvas.showPage()


# ---------------------------------------------------------------------------------------------
# Drive summary


@dataclass(frozen=True)
class JornadaSummary:
    name: str
    territory: str
    place: str
    dates: str
    printer: str
    team: list[str]
    totals: list[tuple[str, int]]
    by_hour: list[tuple[str, int]]
    closed_by: str
    closed_at: str
    heading: str = ""
    labels: dict = field(default_factory=dict)


def co_number(value) -> str:
    """A count as Colombians write it: 1.234.567."""
    return f"{int(value):,}".replace(",", ".")


def _nice_step(top: int) -> int:
    """A whole axis step of 1, 2 or 5 × 10ⁿ giving about five gridlines up to `top`."""
    step = 1
    while top / step > 5:
        for factor in (2, 5 / 2, 2):
            step = int(step * factor)
            if top / step <= 5:
                break
    return step


def render_jornada_summary(summary: JornadaSummary) -> bytes:
    """A one- or two-page summary of a closed drive, with a bar chart of registrations by hour."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    labels = {
        "territory": _("Territory"),
        "place": _("Place"),
        "dates": _("Dates"),
        "printer": _("Printer"),
        "team": _("Team"),
        "closed": _("Closed by"),
        "by_hour": _("Registrations by hour"),
        **summary.labels,
    }
    buffer = io.BytesIO()
    heading = summary.heading or _("Registration drive summary")
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=heading, leftMargin=20 * mm, rightMargin=20 * mm)
    styles = getSampleStyleSheet()
    body = styles["BodyText"]

    def para(text: str) -> Paragraph:
        # Every value wraps inside its cell (long printer, place or territory names never overflow).
        return Paragraph(escape(str(text)) or "—", body)

    story = [Paragraph(escape(heading), styles["Title"]), Paragraph(escape(summary.name), styles["Heading2"])]
    facts = [
        [para(labels["territory"]), para(summary.territory)],
        [para(labels["place"]), para(summary.place)],
        [para(labels["dates"]), para(summary.dates)],
        [para(labels["printer"]), para(summary.printer or "—")],
        [para(labels["team"]), para(", ".join(summary.team) or "—")],
        [para(labels["closed"]), para(f"{summary.closed_by} · {summary.closed_at}")],
    ]
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.4, HexColor("#BBBBBB")), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    story += [Table(facts, colWidths=[40 * mm, 130 * mm], style=grid), Spacer(1, 6 * mm)]
    totals = TableStyle([*grid.getCommands(), ("ALIGN", (1, 0), (1, -1), "RIGHT")])
    story += [Table([[para(k), co_number(v)] for k, v in summary.totals], colWidths=[130 * mm, 40 * mm], style=totals)]
    if summary.by_hour:
        drawing = Drawing(170 * mm, 80 * mm)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 12 * mm, 20 * mm, 150 * mm, 55 * mm
        counts = [count for _hour, count in summary.by_hour]
        chart.data = [counts]
        chart.categoryAxis.categoryNames = [hour for hour, _count in summary.by_hour]
        chart.categoryAxis.labels.fontSize = 6.5
        # Slanted hour labels: many hours over several days never print over each other.
        chart.categoryAxis.labels.angle = 90 if len(counts) > 24 else 45
        chart.categoryAxis.labels.boxAnchor = "ne"
        chart.categoryAxis.labels.dx, chart.categoryAxis.labels.dy = 2, -2
        chart.valueAxis.valueMin = 0
        step = _nice_step(max(counts))
        chart.valueAxis.valueStep = step
        chart.valueAxis.valueMax = max(step, -(-max(counts) // step) * step)
        chart.valueAxis.labelTextFormat = co_number
        chart.valueAxis.labels.fontSize = 7
        chart.bars[0].fillColor = HexColor("#8B1E3F")
        drawing.add(chart)
        # The heading stays with its chart (never alone at a page foot).
        story.append(Spacer(1, 6 * mm))
        story.append(KeepTogether([Paragraph(escape(labels["by_hour"]), styles["Heading3"]), drawing]))
    doc.build(story)
    return buffer.getvalue()
