"""Exports of the (filtered, scoped) members list to .xlsx and .csv, formula-safe and audited."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from core.context import with_request_context
from core.models import AuditEvent
from core.tabular import safe_cell
from militancia.identity import PERSON_FIELDS
from militancia.models import Member
from militancia.services.reads import members_read

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def neutralize_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    safe = tablib.Dataset(headers=[safe_cell(h) for h in dataset.headers or []], title=dataset.title)
    for row in dataset:
        safe.append([safe_cell(cell) for cell in row])
    return safe


class MemberResource(resources.ModelResource):
    """The columns of a members export (django-import-export), with Spanish headers."""

    territory = fields.Field(attribute="territory__name", column_name=gettext_lazy("Municipality"))
    department = fields.Field(attribute="territory__parent__name", column_name=gettext_lazy("Department"))
    status = fields.Field(attribute="get_status_display", column_name=gettext_lazy("Status"))
    source = fields.Field(attribute="get_source_display", column_name=gettext_lazy("Origin"))
    id_type = fields.Field(attribute="id_type", column_name=gettext_lazy("Document type"))
    id_number = fields.Field(attribute="id_number", column_name=gettext_lazy("Document number"))
    first_names = fields.Field(attribute="first_names", column_name=gettext_lazy("First names"))
    last_names = fields.Field(attribute="last_names", column_name=gettext_lazy("Last names"))
    birth_date = fields.Field(attribute="birth_date", column_name=gettext_lazy("Birth date"))
    sex = fields.Field(attribute="sex", column_name=gettext_lazy("Sex"))
    phone = fields.Field(attribute="phone", column_name=gettext_lazy("Phone"))
    email = fields.Field(attribute="email", column_name=gettext_lazy("E-mail"))
    address = fields.Field(attribute="address", column_name=gettext_lazy("Address"))
    joined_on = fields.Field(attribute="joined_on", column_name=gettext_lazy("Joined on"))
    has_card = fields.Field(attribute="has_card", column_name=gettext_lazy("Has card"))
    consent_date = fields.Field(attribute="consent_date", column_name=gettext_lazy("Authorization date"))

    class Meta:
        model = Member
        fields = (
            *PERSON_FIELDS,
            "department",
            "territory",
            "status",
            "joined_on",
            "has_card",
            "consent_date",
            "source",
        )
        export_order = fields

    def dehydrate_has_card(self, member: Member) -> str:
        return _("Yes") if member.has_card else _("No")


@dataclass
class ExportFile:
    content: bytes
    content_type: str
    filename: str
    rows: int


def max_export_rows() -> int:
    # Exports run inside the request: beyond this, narrow the filters (an .xlsx of 50,000 rows
    # takes a few seconds here).
    return getattr(settings, "MEMBER_EXPORT_MAX_ROWS", 50_000)


def members_csv_stream(*, actor, queryset, description: str = "") -> Iterator[bytes]:
    """The members as CSV, streamed in chunks (no row cap: a whole department at once).

    Rows are read with a server-side cursor and written as they come; the audit event is
    recorded when the stream ends (also when the download is interrupted), with the rows sent,
    and the client's IP: the stream is consumed after the request's middleware has finished,
    so the request context is captured now (`with_request_context`).
    """
    return with_request_context(_csv_chunks(actor=actor, queryset=queryset, description=description))


def _csv_chunks(*, actor, queryset, description: str) -> Iterator[bytes]:
    resource = MemberResource()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    rows = 0
    last_pk = None

    def flush() -> bytes:
        chunk = buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
        return chunk

    try:
        buffer.write("\ufeff")  # BOM: Excel opens UTF-8 CSV with accents intact
        writer.writerow([safe_cell(header) for header in resource.get_export_headers()])
        yield flush()
        members = queryset.select_related("territory__parent").order_by("pk").iterator(chunk_size=2000)
        for member in members:
            writer.writerow([safe_cell(value) for value in resource.export_resource(member)])
            rows += 1
            last_pk = member.pk
            if rows % 1000 == 0:
                yield flush()
        yield flush()
    finally:
        # Rows go out in id order: the ones sent are the selection up to the last id written.
        sent = queryset.filter(pk__lte=last_pk) if last_pk is not None else queryset.none()
        members_read(
            members=sent,
            actor=actor,
            action=AuditEvent.Action.EXPORT,
            what=_("Members export (%(fmt)s, %(rows)s rows). %(filters)s")
            % {"fmt": "csv", "rows": rows, "filters": description},
        )


def members_export(*, actor, queryset, fmt: str, description: str = "") -> ExportFile:
    """Render the given (already scoped and filtered) members; one audit event per export."""
    if fmt not in FORMATS:
        raise ValidationError(_("Format: choose .xlsx or .csv."))
    limit = max_export_rows()
    # Checked before loading anything: an unfiltered national export must not fill the memory.
    if queryset.order_by()[limit : limit + 1].exists():
        raise ValidationError(
            _(
                "The export has more than %(limit)s rows. Narrow the filters (for example by territory) "
                "or export to .csv, which has no limit."
            )
            % {"limit": f"{limit:,}".replace(",", ".")}
        )
    rows = list(queryset.select_related("territory__parent").order_by("pk"))
    dataset = neutralize_dataset(MemberResource().export(queryset=rows))
    dataset.title = _("Members")
    content = dataset.export(fmt)
    if isinstance(content, str):
        content = ("\ufeff" + content).encode("utf-8")  # BOM: Excel opens UTF-8 CSV with accents intact
    members_read(
        members=queryset,
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        what=_("Members export (%(fmt)s, %(rows)s rows). %(filters)s")
        % {"fmt": fmt, "rows": len(rows), "filters": description},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return ExportFile(content=content, content_type=FORMATS[fmt], filename=f"militantes-{stamp}.{fmt}", rows=len(rows))
