"""Shared pieces of the office documents (actas, certificates, reports): brand, styles, tables and
Colombian number formats. Each app's pdf.py builds its documents with them."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

BRAND = colors.HexColor("#1d3b72")


def a4_document(buffer, *, title: str, margin: float = 18 * mm, **options) -> SimpleDocTemplate:
    """The page of the office documents: A4 portrait, 18 mm at the sides and 16 mm top and bottom
    unless told otherwise (`pagesize`, margins and any SimpleDocTemplate option can be passed)."""
    page = {"pagesize": A4, "leftMargin": margin, "rightMargin": margin, "topMargin": 16 * mm, "bottomMargin": 16 * mm}
    return SimpleDocTemplate(buffer, **(page | options), title=title)


def document_styles():
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


def document_table(rows, widths, header_rows: int = 1, *, align_right_from: int | None = None) -> Table:
    """The documents' table: a brand-coloured header repeated on every page, banded rows; the
    columns from `align_right_from` on (figures) aligned right."""
    style = [
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), BRAND),
        ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), colors.white),
        ("FONTNAME", (0, 0), (-1, header_rows - 1), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#c7cfdd")),
        ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, colors.HexColor("#f2f5fa")]),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if align_right_from is not None:
        style.append(("ALIGN", (align_right_from, 0), (-1, -1), "RIGHT"))
    table = Table(rows, colWidths=widths, repeatRows=header_rows)
    table.setStyle(TableStyle(style))
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
