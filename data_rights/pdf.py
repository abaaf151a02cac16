"""The report of the personal data the party holds about one person. Takes plain data and returns bytes."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from core.pdf import a4_document, document_styles


def member_data_report_pdf(data: dict) -> bytes:
    """Everything the party holds about a member (Ley 1581 de 2012, right of access)."""
    titles = {
        "record": _("Personal data in the registry"),
        "history": _("Status history"),
        "requests": _("Attention requests"),
        "offices": _("Offices held"),
        "training": _("Training"),
        "events": _("Record of changes"),
        "accesses": _("Who accessed the data, and when"),
    }
    buffer = BytesIO()
    doc = a4_document(buffer, title=_("Personal data report"))
    s = document_styles()
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
