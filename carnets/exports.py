"""The printed-card register as rows for export (scoped by the caller, formula-safe)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from core.tabular import safe_cell

EXPORT_LIMIT = 200_000


def card_rows(cards):
    yield [
        _("Card number"),
        _("Version"),
        _("Status"),
        _("Document type"),
        _("Document number"),
        _("First names"),
        _("Last names"),
        _("Territory"),
        _("Issued"),
        _("Printed"),
        _("Delivered"),
        _("Delivered to"),
        _("Delivery place"),
        _("Printer"),
    ]
    statuses = dict(cards.model.Status.choices)
    for card in cards.iterator(chunk_size=2000):
        member = card.member
        yield [
            card.number,
            card.version,
            str(statuses[card.status]),
            member.id_type,
            member.id_number,
            member.first_names,
            member.last_names,
            member.territory.name,
            card.issued_on.isoformat(),
            timezone.localtime(card.printed_at).strftime("%Y-%m-%d %H:%M") if card.printed_at else "",
            timezone.localtime(card.delivered_at).strftime("%Y-%m-%d %H:%M") if card.delivered_at else "",
            card.delivered_to,
            card.delivered_place,
            str(card.printer or ""),
        ]


def card_xlsx(cards) -> bytes:
    """The register as an .xlsx workbook (write-only mode: constant memory per row)."""
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Cards"))
    for row in card_rows(cards):
        sheet.append([safe_cell(cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
