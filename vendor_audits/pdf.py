"""The delivery minutes (acta) of a vendor audit. Takes plain data and returns bytes."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from core.pdf import BRAND, a4_document, document_styles, document_table, iso_to_dmy, money, number


def acta_pdf(data: dict) -> bytes:
    """The delivery minutes. `data`: figures from `acta_figures` plus status, place, signers, observations."""
    buffer = BytesIO()
    doc = a4_document(buffer, title=_("Delivery minutes"))
    s = document_styles()
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
    story.append(document_table(rows, [30 * mm, 22 * mm, 15 * mm, 22 * mm, 18 * mm, 18 * mm, 22 * mm, 27 * mm]))
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
