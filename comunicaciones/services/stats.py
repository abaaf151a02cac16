"""Monthly channel statistics: typed in, or imported from the CSV/Excel the networks export.

An import validates every row first and reports each problem by row number; only a file with
no problems is written, in one transaction (nothing half-written).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from comunicaciones.models import Channel, ChannelStat
from comunicaciones.services.workflow import _require_team
from core.audit import audit_record
from core.models import AuditEvent
from core.tabular import Limits, TabularError, read_table

# A month of every network fits in a few hundred rows: small files, read with tight limits.
STATS_LIMITS = Limits(
    max_bytes=5 * 1024 * 1024,
    max_rows=50_000,
    max_uncompressed_bytes=100 * 1024 * 1024,
    max_entries=2000,
    child_memory_bytes=1024 * 1024 * 1024,
    child_timeout_seconds=60,
)


def _file_problem(exc: TabularError) -> str:
    """This page's words for what the tabular layer refused."""
    if exc.code == "too_large":
        return _("The file is too big (limit %(limit)s MB).") % {"limit": STATS_LIMITS.max_bytes // 1048576}
    messages = {
        "empty_file": _("The file is empty."),
        "bad_zip": _("The Excel file is damaged."),
        "zip_bomb": _("The Excel file is suspicious (it expands too much) and was not read."),
        "macros": _("Files with macros are not accepted."),
        "unknown_type": _("The file is not a CSV or Excel spreadsheet."),
        "timeout": _("The spreadsheet took too long to read."),
        "out_of_memory": _("The spreadsheet could not be read: is it a valid Excel file?"),
        "unreadable": _("The spreadsheet could not be read: is it a valid Excel file?"),
    }
    return messages.get(exc.code, exc.message)


if TYPE_CHECKING:
    from core.models import User


def _norm(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


HEADER_ALIASES = {
    "channel": {"channel", "red", "canal", "network", "red social"},
    "month": {"month", "mes", "periodo"},
    "followers": {"followers", "seguidores"},
    "posts": {"posts", "publicaciones"},
    "reach": {"reach", "alcance"},
    "impressions": {"impressions", "impresiones"},
    "engagement": {"engagement", "interacciones"},
    "clicks": {"clicks", "clics"},
    "video_views": {"video views", "reproducciones", "visualizaciones", "vistas de video", "reproducciones de video"},
}
REQUIRED = ("channel", "month")
CHANNEL_ALIASES = {
    "facebook": Channel.FACEBOOK,
    "fb": Channel.FACEBOOK,
    "x": Channel.X,
    "twitter": Channel.X,
    "x twitter": Channel.X,
    "instagram": Channel.INSTAGRAM,
    "ig": Channel.INSTAGRAM,
    "youtube": Channel.YOUTUBE,
    "tiktok": Channel.TIKTOK,
    "whatsapp": Channel.WHATSAPP,
    "web": Channel.WEB,
    "sitio web": Channel.WEB,
    "pagina web": Channel.WEB,
}
SPANISH_HEADERS = {
    "channel": "red",
    "month": "mes",
    "followers": "seguidores",
    "posts": "publicaciones",
    "reach": "alcance",
    "impressions": "impresiones",
    "engagement": "interacciones",
    "clicks": "clics",
    "video_views": "reproducciones",
}


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_month(value) -> date | None:
    if isinstance(value, datetime):
        return value.date().replace(day=1)
    if isinstance(value, date):
        return value.replace(day=1)
    text = str(value or "").strip()
    for pattern in (r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?(?:[T ].*)?$", r"^(\d{4})/(\d{1,2})$"):
        match = re.match(pattern, text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            break
    else:
        match = re.match(r"^(\d{1,2})[/-](\d{4})$", text)
        if not match:
            return None
        month, year = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        return None
    return date(year, month, 1)


def _parse_count(value) -> int | None:
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and value >= 0 else None
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
        text = re.sub(r"[.,]", "", text)
    if re.fullmatch(r"\d+(\.0+)?", text):
        return int(float(text))
    return None


def _map_headers(header: list) -> tuple[dict[str, int], list[str]]:
    """Column index by field, and the problems with the header row."""
    by_alias = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
    columns: dict[str, int] = {}
    problems = []
    unknown = []
    for index, cell in enumerate(header):
        key = _norm(cell)
        if not key:
            continue
        name = by_alias.get(key) or by_alias.get(key.replace(" ", "_"))
        if name is None:
            unknown.append(str(cell))
        elif name in columns:
            problems.append(_("The column “%(column)s” appears twice.") % {"column": cell})
        else:
            columns[name] = index
    missing = [SPANISH_HEADERS[name] for name in REQUIRED if name not in columns]
    expected = ", ".join(SPANISH_HEADERS.values())
    if missing:
        problems.append(
            _("Missing columns: %(missing)s. Expected columns: %(expected)s.")
            % {"missing": ", ".join(missing), "expected": expected}
        )
    if unknown:
        problems.append(
            _("Unknown columns: %(unknown)s. Expected columns: %(expected)s.")
            % {"unknown": ", ".join(unknown), "expected": expected}
        )
    if not problems and not set(columns) - set(REQUIRED):
        problems.append(_("The file has no figures: add at least one column such as seguidores or alcance."))
    return columns, problems


def _validate_rows(rows: list[list]) -> tuple[list[dict], list[str]]:
    """Every data row checked; returns the clean rows and the errors by row number (row 1 = header).

    One pass reports everything: the header's problems and, with the columns that were
    recognised, every bad row, so the user fixes the file once."""
    rows = list(rows)
    while rows and not any(str(c or "").strip() for c in rows[0]):
        rows.pop(0)
    if not rows:
        return [], [_("The file is empty.")]
    columns, problems = _map_headers(rows[0])
    clean: list[dict] = []
    errors: list[str] = []
    seen: dict[tuple, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(str(c if c is not None else "").strip() for c in row):
            continue

        def cell(name, row=row):
            index = columns.get(name)
            return row[index] if index is not None and index < len(row) else None

        row_errors = []
        # A column that is missing was already reported once for the header, not on every row.
        channel = CHANNEL_ALIASES.get(_norm(cell("channel")))
        if channel is None and "channel" in columns:
            row_errors.append(_("unknown network “%(value)s”") % {"value": cell("channel") or ""})
        month = _parse_month(cell("month"))
        if month is None and "month" in columns:
            row_errors.append(_("month “%(value)s” is not valid (use YYYY-MM)") % {"value": cell("month") or ""})
        values = {}
        for name in ChannelStat.METRICS:
            if name not in columns:
                continue
            count = _parse_count(cell(name))
            if count is None:
                row_errors.append(
                    _("%(column)s “%(value)s” is not a whole number ≥ 0")
                    % {"column": SPANISH_HEADERS[name], "value": cell(name)}
                )
            else:
                values[name] = count
        if channel and month:
            key = (channel, month)
            if key in seen:
                row_errors.append(
                    _("%(channel)s %(month)s already appears in row %(row)s")
                    % {"channel": Channel(channel).label, "month": f"{month:%Y-%m}", "row": seen[key]}
                )
            else:
                seen[key] = number
        if row_errors:
            errors.append(_("Row %(row)s: %(errors)s.") % {"row": number, "errors": "; ".join(row_errors)})
        else:
            clean.append({"channel": channel, "month": month, **values})
    if not clean and not errors:
        problems.append(_("The file has no data rows."))
    if problems:
        return [], problems + errors
    return clean, errors


def channel_stats_import(*, actor: User, data: bytes, filename: str = "") -> ImportResult:
    """Import a statistics file: all rows or none."""
    _require_team(actor)
    result = ImportResult()
    try:
        rows = read_table(data, STATS_LIMITS)
    except TabularError as exc:
        result.errors.append(_file_problem(exc))
        return result
    clean, errors = _validate_rows(rows)
    if errors:
        result.errors = errors
        return result
    with transaction.atomic():
        for row in clean:
            values = {k: v for k, v in row.items() if k not in ("channel", "month")}
            _stat, created = ChannelStat.objects.update_or_create(
                channel=row["channel"],
                month=row["month"],
                defaults={**values, "source": ChannelStat.Source.IMPORT, "updated_by": actor},
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
        audit_record(
            actor=actor,
            action=AuditEvent.Action.IMPORT,
            message=(
                _("Network statistics: %(created)s new, %(updated)s updated (%(file)s)")
                % {"created": result.created, "updated": result.updated, "file": filename}
            )[:500],
        )
    return result


@transaction.atomic
def channel_stat_save(*, actor: User, channel: str, month: date, **metrics: int | None) -> ChannelStat:
    """Enter (or correct) one network's figures for one month by hand."""
    _require_team(actor)
    stat = ChannelStat.objects.filter(channel=channel, month=month.replace(day=1)).first() or ChannelStat(
        channel=channel, month=month.replace(day=1)
    )
    for name in ChannelStat.METRICS:
        if name in metrics:
            setattr(stat, name, metrics[name] or 0)
    stat.source = ChannelStat.Source.MANUAL
    stat.updated_by = actor
    stat.full_clean(validate_constraints=False)
    stat.save()
    return stat
