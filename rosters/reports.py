"""The error report: the original rows that will not be imported, with the reason, as .xlsx."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.tabular import TableStream, inspect_upload, iter_lines, write_error_report
from rosters.fields import FIELD_LABELS
from rosters.models import RosterRow, RosterUpload

REPORTED_KINDS = (RosterRow.Kind.INVALID, RosterRow.Kind.DUPLICATE)


def reason_text(errors: dict | None) -> str:
    if not errors:
        return ""
    return "; ".join(f"{FIELD_LABELS.get(field, field)}: {message}" for field, message in errors.items())


def roster_error_report(*, upload: RosterUpload, actor, destination) -> int:
    """Write the report to `destination` (path or binary file). The file is read again in the
    child process and merged, in line order, with the rejected rows: memory stays flat."""
    from rosters.services import roster_limits, stored_file_path

    rejected = (
        RosterRow.objects.filter(upload=upload, kind__in=REPORTED_KINDS)
        .order_by("line")
        .values_list("line", "errors")
        .iterator(chunk_size=5000)
    )

    def rows(lines):
        wanted = next(rejected, None)
        for line, cells in lines:
            while wanted is not None and wanted[0] < line:
                wanted = next(rejected, None)
            if wanted is None:
                return
            if wanted[0] == line:
                yield line, cells, reason_text(wanted[1])

    with stored_file_path(upload=upload) as path:
        limits = roster_limits()
        with TableStream(path, inspect_upload(path, limits), limits) as stream:
            count = write_error_report(
                destination,
                header=upload.headers,
                rows=rows(iter_lines(stream.chunks())),
                line_title=_("Row"),
                reason_title=_("Reason"),
                sheet_title=_("Errors"),
            )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DOWNLOAD,
        obj=upload,
        source=AuditEvent.Source.ROSTER,
        source_ref=upload.source_ref,
        message=_("Error report of roster #%(id)s (%(count)s rows)") % {"id": upload.pk, "count": count},
    )
    return count
