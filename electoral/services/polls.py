"""Opinion polls: record one by hand (with its result rows) or many from a CSV file.

Every poll is checked the same way wherever it comes from: a sample of at least one person,
field work that ends before it is published, results between 0 and 100 % whose sum does not
pass 100 % beyond rounding (`MAX_TOTAL`), each option once. Nothing is half-written: a file
with one bad row imports nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent, Territory
from core.permissions import ensure_reach, ensure_role
from core.tabular import Limits, TabularError, map_columns, normalize_header, read_table
from electoral.models import BallotOption, Election, Poll, PollResult
from electoral.roles import DECIDERS

if TYPE_CHECKING:
    from core.models import User

MAX_TOTAL = Decimal("100.5")
IMPORT_LIMITS = Limits(max_bytes=2 * 2**20, max_rows=20_000, max_columns=30)
UNDECIDED_LABELS = {"no sabe no responde", "ns nr", "nsnr", "no sabe", "no responde", "ns nc", "no sabe no contesta"}
POLL_FIELDS = ("pollster", "field_start", "field_end", "published_on", "sample_size", "method", "margin_of_error")

COLUMNS = {
    "pollster": ["encuestadora", "firma encuestadora", "firma", "pollster"],
    "field_start": ["inicio campo", "inicio del campo", "fecha inicio", "inicio trabajo de campo", "inicio"],
    "field_end": ["fin campo", "fin del campo", "fecha fin", "fin trabajo de campo", "fin"],
    "published_on": ["publicacion", "fecha publicacion", "fecha de publicacion", "publicada"],
    "sample_size": ["muestra", "tamano muestra", "tamano de la muestra", "n"],
    "method": ["metodo", "metodologia", "modalidad", "tecnica"],
    "margin_of_error": ["margen de error", "margen error", "margen", "error"],
    "population": ["poblacion", "universo", "poblacion objetivo"],
    "territory": ["territorio", "divipola", "codigo territorio", "codigo dane"],
    "option": ["opcion", "candidato", "partido", "lista", "candidato partido"],
    "percent": ["porcentaje", "resultado", "intencion de voto", "pct"],
}
REQUIRED = (
    "pollster",
    "field_start",
    "field_end",
    "published_on",
    "sample_size",
    "method",
    "margin_of_error",
    "option",
    "percent",
)
METHODS = {
    "telefonica": Poll.Method.TELEPHONE,
    "telefonico": Poll.Method.TELEPHONE,
    "telefono": Poll.Method.TELEPHONE,
    "telephone": Poll.Method.TELEPHONE,
    "presencial": Poll.Method.FACE_TO_FACE,
    "cara a cara": Poll.Method.FACE_TO_FACE,
    "face to face": Poll.Method.FACE_TO_FACE,
    "en linea": Poll.Method.ONLINE,
    "online": Poll.Method.ONLINE,
    "internet": Poll.Method.ONLINE,
    "web": Poll.Method.ONLINE,
    "mixta": Poll.Method.MIXED,
    "mixto": Poll.Method.MIXED,
    "mixed": Poll.Method.MIXED,
}


def _labels() -> dict[str, str]:
    return {
        "pollster": str(capfirst(Poll._meta.get_field("pollster").verbose_name)),
        "field_start": str(capfirst(Poll._meta.get_field("field_start").verbose_name)),
        "field_end": str(capfirst(Poll._meta.get_field("field_end").verbose_name)),
        "published_on": str(capfirst(Poll._meta.get_field("published_on").verbose_name)),
        "sample_size": str(capfirst(Poll._meta.get_field("sample_size").verbose_name)),
        "method": str(capfirst(Poll._meta.get_field("method").verbose_name)),
        "margin_of_error": str(capfirst(Poll._meta.get_field("margin_of_error").verbose_name)),
        "population": str(capfirst(Poll._meta.get_field("population").verbose_name)),
        "territory": str(capfirst(Poll._meta.get_field("territory").verbose_name)),
        "option": str(capfirst(PollResult._meta.get_field("label").verbose_name)),
        "percent": str(capfirst(PollResult._meta.get_field("percent").verbose_name)),
    }


def _is_undecided_label(label: str) -> bool:
    return normalize_header(label) in UNDECIDED_LABELS


def _pct(value: Decimal) -> str:
    return number_format(value, decimal_pos=1)


def _poll_problems(values: dict, results: list[dict]) -> dict[str, list[str]]:
    """What is wrong with a poll and its result rows, by field ("results" for the rows): {} when fine.

    `results` are {"label", "percent", "is_undecided"} dicts with the percent as a Decimal."""
    problems: dict[str, list[str]] = {}
    sample = values.get("sample_size")
    if sample is not None and sample <= 0:
        problems.setdefault("sample_size", []).append(_("Sample size: a poll asks at least one person (0 given)."))
    start, end, published = values.get("field_start"), values.get("field_end"), values.get("published_on")
    if start and end and start > end:
        problems.setdefault("field_end", []).append(_("Field work end: it comes before the start of the field work."))
    if end and published and published < end:
        problems.setdefault("published_on", []).append(
            _("Publication date: a poll is published after its field work ends.")
        )
    margin = values.get("margin_of_error")
    if margin is not None and not (0 <= margin <= 50):
        problems.setdefault("margin_of_error", []).append(_("Margin of error: between 0 and 50 points."))
    if not results:
        problems.setdefault("results", []).append(_("Results: give at least one option with its percent."))
    seen: set[str] = set()
    total = Decimal(0)
    for number, row in enumerate(results, start=1):
        key = normalize_header(row["label"])
        if key in seen:
            problems.setdefault("results", []).append(
                _("Result %(row)s: “%(label)s” appears twice.") % {"row": number, "label": row["label"]}
            )
        seen.add(key)
        if not (0 <= row["percent"] <= 100):
            problems.setdefault("results", []).append(
                _("Result %(row)s: the percent must be between 0 and 100.") % {"row": number}
            )
        total += row["percent"]
    if total > MAX_TOTAL:
        problems.setdefault("results", []).append(
            _("Results: they add up to %(total)s %%, more than 100 %% beyond rounding (at most %(max)s %%).")
            % {"total": _pct(total), "max": _pct(MAX_TOTAL)}
        )
    return problems


def _match_options(election: Election) -> dict[str, BallotOption]:
    options: dict[str, BallotOption] = {}
    for option in BallotOption.objects.filter(election=election, kind__in=BallotOption.VOTE_KINDS):
        for text in (option.name, option.code, option.party):
            if text:
                options.setdefault(normalize_header(text), option)
    return options


def _write_results(poll: Poll, results: list[dict], options: dict[str, BallotOption]) -> None:
    poll.results.all().delete()
    PollResult.objects.bulk_create(
        PollResult(
            poll=poll,
            label=row["label"].strip()[:200],
            option=None if row.get("is_undecided") else options.get(normalize_header(row["label"])),
            is_undecided=bool(row.get("is_undecided")) or _is_undecided_label(row["label"]),
            percent=row["percent"],
            position=index,
        )
        for index, row in enumerate(results)
    )


def _authorize(actor: User, election: Election) -> None:
    ensure_role(actor, DECIDERS, _("record opinion polls"))
    ensure_reach(actor, election)


def _check_territory(actor: User, territory: Territory | None) -> None:
    if territory is not None and not actor.is_national and not actor.can_reach(territory):
        raise ValidationError({"territory": _("Territory: outside your scope.")})


def poll_save(*, election: Election, values: dict, results: list[dict], actor: User, poll: Poll | None = None) -> Poll:
    """Record a new poll (or correct one) with all its result rows, replaced as a whole."""
    _authorize(actor, election)
    if poll is not None:
        ensure_reach(actor, poll)
        if poll.election_id != election.pk:
            raise ValidationError(_("This poll belongs to another election."))
    _check_territory(actor, values.get("territory"))
    problems = _poll_problems(values, results)
    if problems:
        raise ValidationError(
            {name: messages for name, messages in problems.items() if name != "results"}
            | ({"__all__": problems["results"]} if "results" in problems else {})
        )
    creating = poll is None
    with transaction.atomic():
        poll = poll or Poll(election=election, created_by=actor)
        for name, value in values.items():
            setattr(poll, name, value)
        poll.full_clean()
        poll.save()
        _write_results(poll, results, _match_options(election))
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
            obj=poll,
            changes={"results": len(results)},
            message=_("Opinion poll recorded"),
            message_is_personal=False,
        )
    return poll


# CSV import ---------------------------------------------------------------------------------


@dataclass
class PollImportResult:
    created: int = 0
    updated: int = 0
    results: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value) -> date | None:
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    return None


def _decimal(value) -> Decimal | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    text = _text(value).replace("%", "").replace(" ", "")
    if "," in text and "." in text:  # 1.234,5
        text = text.replace(".", "").replace(",", ".")
    text = text.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _file_problem(error: TabularError) -> str:
    return _("The file could not be read: %(reason)s") % {"reason": error.message}


def polls_import(*, election: Election, data: bytes, actor: User, filename: str = "") -> PollImportResult:
    """Import polls from a CSV/spreadsheet with one row per poll × option: all polls or none.

    A poll already recorded (same pollster and field dates) gets its results replaced, so the
    same file imported twice changes nothing the second time."""
    _authorize(actor, election)
    result = PollImportResult()
    try:
        rows = read_table(data, IMPORT_LIMITS)
    except TabularError as exc:
        result.errors.append(_file_problem(exc))
        return result
    labels = _labels()
    header_index = next((i for i, row in enumerate(rows) if row), None)
    if header_index is None:
        result.errors.append(_("The file has no data rows."))
        return result
    columns = map_columns(rows[header_index], COLUMNS)
    missing = [labels[name] for name in REQUIRED if name not in columns]
    if missing:
        result.errors.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        return result
    territories = {t.code: t for t in Territory.objects.all().only("id", "code", "path", "name")}
    polls: dict[tuple, dict] = {}
    for index, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(_text(cell) for cell in row):
            continue

        def cell(name, row=row):
            position = columns.get(name)
            return row[position] if position is not None and position < len(row) else None

        problems: list[str] = []
        values: dict = {"pollster": _text(cell("pollster"))[:150], "population": _text(cell("population"))[:200]}
        if not values["pollster"]:
            problems.append(_("%(column)s is empty") % {"column": labels["pollster"]})
        for name in ("field_start", "field_end", "published_on"):
            values[name] = _date(cell(name))
            if values[name] is None:
                problems.append(
                    _("%(column)s “%(value)s” is not a date (dd/mm/aaaa)")
                    % {"column": labels[name], "value": _text(cell(name))}
                )
        sample = _decimal(cell("sample_size"))
        if sample is None or sample != sample.to_integral_value():
            problems.append(
                _("%(column)s “%(value)s” is not a whole number")
                % {"column": labels["sample_size"], "value": _text(cell("sample_size"))}
            )
        elif sample <= 0:
            problems.append(_("%(column)s must be at least 1 (0 given)") % {"column": labels["sample_size"]})
        else:
            values["sample_size"] = int(sample)
        method = METHODS.get(normalize_header(cell("method")))
        if method is None:
            problems.append(
                _("%(column)s “%(value)s” is not telephone, face to face, online or mixed")
                % {"column": labels["method"], "value": _text(cell("method"))}
            )
        values["method"] = method
        margin = _decimal(cell("margin_of_error"))
        if margin is None or not (0 <= margin <= 50):
            problems.append(
                _("%(column)s “%(value)s” is not a number of points between 0 and 50")
                % {"column": labels["margin_of_error"], "value": _text(cell("margin_of_error"))}
            )
        values["margin_of_error"] = margin
        code = _text(cell("territory"))
        territory = None
        if code:
            territory = territories.get(code) or territories.get(code.zfill(2)) or territories.get(code.zfill(5))
            if territory is None:
                problems.append(
                    _("%(column)s “%(value)s” is not a DIVIPOLA code") % {"column": labels["territory"], "value": code}
                )
            elif not actor.is_national and not actor.can_reach(territory):
                problems.append(_("%(column)s: outside your scope") % {"column": labels["territory"]})
        values["territory"] = territory
        label = _text(cell("option"))[:200]
        if not label:
            problems.append(_("%(column)s is empty") % {"column": labels["option"]})
        percent = _decimal(cell("percent"))
        if percent is None or not (0 <= percent <= 100):
            problems.append(
                _("%(column)s “%(value)s” is not a percent between 0 and 100")
                % {"column": labels["percent"], "value": _text(cell("percent"))}
            )
        if problems:
            result.errors.append(_("Row %(row)s: %(errors)s.") % {"row": index, "errors": "; ".join(problems)})
            continue
        key = (normalize_header(values["pollster"]), values["field_start"], values["field_end"])
        entry = polls.setdefault(key, {"values": values, "rows": [], "results": []})
        differing = [labels[name] for name in POLL_FIELDS if entry["values"][name] != values[name]]
        if differing:
            result.errors.append(
                _("Row %(row)s: %(columns)s differ from row %(first)s of the same poll.")
                % {"row": index, "columns": ", ".join(differing), "first": entry["rows"][0]}
            )
            continue
        entry["rows"].append(index)
        entry["results"].append({"label": label, "percent": percent, "is_undecided": _is_undecided_label(label)})
    for entry in polls.values():
        problems = _poll_problems(entry["values"], entry["results"])
        rows_text = ", ".join(str(r) for r in entry["rows"])
        for messages in problems.values():
            for message in messages:
                result.errors.append(
                    _("Poll of %(pollster)s (rows %(rows)s): %(problem)s")
                    % {"pollster": entry["values"]["pollster"], "rows": rows_text, "problem": message}
                )
    if not polls and not result.errors:
        result.errors.append(_("The file has no data rows."))
    if result.errors:
        return result
    options = _match_options(election)
    with transaction.atomic():
        for entry in polls.values():
            values = entry["values"]
            poll = Poll.objects.filter(
                election=election,
                pollster__iexact=values["pollster"],
                field_start=values["field_start"],
                field_end=values["field_end"],
            ).first()
            if poll is None:
                poll = Poll(election=election, created_by=actor)
                result.created += 1
            else:
                result.updated += 1
            for name, value in values.items():
                setattr(poll, name, value)
            poll.full_clean(validate_constraints=False)
            poll.save()
            _write_results(poll, entry["results"], options)
            result.results += len(entry["results"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.IMPORT,
            obj=election,
            message=(
                _("Opinion polls imported: %(created)s new, %(updated)s updated (%(file)s)")
                % {"created": result.created, "updated": result.updated, "file": filename}
            )[:500],
            message_is_personal=False,
        )
    return result
