"""Results: ballot options, per-table tallies by double entry, and the unit summaries the analysis reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.jobs import job_create, job_enqueue
from core.models import AuditEvent, Job
from core.permissions import ensure_reach, ensure_role, refuse
from electoral.models import BallotOption, Election, ElectoralUnit, TableResult, TallyCapture
from electoral.roles import DECIDERS, OPERATORS
from electoral.services.uploads import check_photo

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from core.models import User

TABLE_KINDS_SQL = "('table', 'casilla')"
PATH_WIDTH = 11


@transaction.atomic
def ballot_option_save(
    *,
    actor: User,
    election: Election,
    code: str,
    name: str,
    kind: str,
    party: str = "",
    is_own: bool = False,
    option: BallotOption | None = None,
) -> BallotOption:
    ensure_role(actor, DECIDERS, _("configure the ballot"))
    ensure_reach(actor, election.territory)
    option = option or BallotOption(election=election)
    # The stored flags, read from the row itself: a bound ModelForm has already copied the new
    # values onto `option`, so comparing against the instance would never see a change.
    before = (
        BallotOption.objects.select_for_update().filter(pk=option.pk).values_list("kind", "is_own").first()
        if option.pk
        else None
    )
    option.code, option.name, option.kind, option.party, option.is_own = code.strip(), name.strip(), kind, party, is_own
    option.full_clean()
    option.save()
    if before is not None and before != (kind, is_own):
        totals_recompute_for_change(election=election, actor=actor)
    return option


# Above this many reported tables the recompute (seconds to minutes) runs as a job with progress.
RECOMPUTE_INLINE_MAX_TABLES = 5_000
TOTALS_JOB_KIND = "electoral.totals_recompute"


def totals_recompute_for_change(*, election: Election, actor: User) -> Job | None:
    """Recompute the election's totals after a change they depend on: at once for a small election,
    as a background job (returned, with its progress) for a large one."""
    tables = TableResult.objects.filter(election=election).count()
    if tables <= RECOMPUTE_INLINE_MAX_TABLES:
        election_totals_recompute(election_id=election.pk)
        return None
    from electoral.tasks import recompute_totals

    job = job_create(kind=TOTALS_JOB_KIND, user=actor, total=tables)
    job.result = {"election_id": election.pk}
    job.save(update_fields=["result"])
    job_enqueue(job=job, task=recompute_totals, args=(election.pk,))
    return job


def totals_job_pending(*, election: Election) -> Job | None:
    """The unfinished totals recompute of an election, if any (shown with its progress)."""
    return (
        Job.objects.filter(kind=TOTALS_JOB_KIND, result__election_id=election.pk)
        .exclude(status__in=[Job.Status.SUCCEEDED, Job.Status.FAILED])
        .order_by("-pk")
        .first()
    )


def election_totals_recompute(*, election_id: int) -> int:
    """Every derived figure of one election from the stored votes: per-table totals, then the unit
    summaries. Called whenever something they depend on changes (an option's kind or "our party"
    flag, a re-import), inside the caller's transaction so nobody reads half-updated totals."""
    tables = table_totals_recompute(election_id=election_id)
    summaries_refresh(election_id=election_id)
    return tables


def table_totals_recompute(*, election_id: int) -> int:
    """Recompute every table's totals from its votes and the ballot (after an option changed kind or party)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE electoral_tableresult r
            SET valid = x.valid, blank = x.blank, null_votes = x.null_votes, unmarked = x.unmarked, total = x.total,
                own_votes = x.own_votes
            FROM (
                SELECT r.id,
                       coalesce(sum(v.value::integer) FILTER (WHERE o.kind IN ('party', 'candidate')), 0) AS valid,
                       coalesce(sum(v.value::integer) FILTER (WHERE o.kind = 'blank'), 0) AS blank,
                       coalesce(sum(v.value::integer) FILTER (WHERE o.kind = 'null'), 0) AS null_votes,
                       coalesce(sum(v.value::integer) FILTER (WHERE o.kind = 'unmarked'), 0) AS unmarked,
                       coalesce(sum(v.value::integer), 0) AS total,
                       coalesce(sum(v.value::integer) FILTER (WHERE o.is_own), 0) AS own_votes
                FROM electoral_tableresult r
                CROSS JOIN LATERAL jsonb_each_text(r.votes) AS v
                JOIN electoral_ballotoption o ON o.id = v.key::bigint
                WHERE r.election_id = %s
                GROUP BY r.id
            ) x
            WHERE r.id = x.id
              AND (r.valid, r.blank, r.null_votes, r.unmarked, r.total, r.own_votes)
                  IS DISTINCT FROM (x.valid, x.blank, x.null_votes, x.unmarked, x.total, x.own_votes)
            """,
            [election_id],
        )
        return cursor.rowcount


def summaries_refresh(*, election_id: int, imported: bool = False) -> None:
    """Rebuild the per-unit totals of one election (every level above the tables), set-based.

    Each table contributes to each of its ancestors: the ancestor at depth d is the first
    11·(d+1) characters of the table's path, so one scan groups all levels at once.
    `imported`: called inside a results import, whose temporary tables `results_resolved` (one
    row per table and option) and `results_tables` hold the votes just written; those tables'
    votes per option are read from there instead of unpacking each table's JSON again (a fifth
    of a 2.4-million-row import's time), the other tables' from their JSON as always.
    """
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM electoral_unitsummary WHERE election_id = %s", [election_id])
        cursor.execute("DELETE FROM electoral_unitoptionsummary WHERE election_id = %s", [election_id])
        cursor.execute(
            f"""
            INSERT INTO electoral_unitsummary
                (election_id, unit_id, registered, tables, tables_reported, valid, blank, null_votes, unmarked,
                 total, own_votes)
            SELECT %s, a.id, x.registered, x.tables, x.reported, x.valid, x.blank, x.null_votes, x.unmarked,
                   x.total, x.own_votes
            FROM (
                SELECT left(t.path, {PATH_WIDTH} * (d + 1)) AS p,
                       SUM(COALESCE(r.registered, t.registered_voters)) AS registered,
                       COUNT(*) AS tables, COUNT(r.id) AS reported,
                       COALESCE(SUM(r.valid), 0) AS valid, COALESCE(SUM(r.blank), 0) AS blank,
                       COALESCE(SUM(r.null_votes), 0) AS null_votes, COALESCE(SUM(r.unmarked), 0) AS unmarked,
                       COALESCE(SUM(r.total), 0) AS total, COALESCE(SUM(r.own_votes), 0) AS own_votes
                FROM electoral_electoralunit t
                LEFT JOIN electoral_tableresult r ON r.table_id = t.id AND r.election_id = %s
                CROSS JOIN LATERAL generate_series(0, t.depth - 1) AS d
                WHERE t.kind IN {TABLE_KINDS_SQL}
                GROUP BY 1
            ) x
            JOIN electoral_electoralunit a ON a.path = x.p
            """,
            [election_id, election_id],
        )
        table_votes = IMPORTED_TABLE_VOTES if imported else TABLE_VOTES
        cursor.execute(
            f"""
            INSERT INTO electoral_unitoptionsummary (election_id, unit_id, option_id, votes)
            SELECT %s, a.id, x.option_id, x.votes
            FROM (
                SELECT left(pp.path, {PATH_WIDTH} * (d + 1)) AS p, y.option_id, SUM(y.votes) AS votes
                FROM (
                    SELECT t.parent_id, v.option_id, SUM(v.votes) AS votes
                    FROM ({table_votes}) v
                    JOIN electoral_electoralunit t ON t.id = v.table_id
                    GROUP BY 1, 2
                ) y
                JOIN electoral_electoralunit pp ON pp.id = y.parent_id
                CROSS JOIN LATERAL generate_series(0, pp.depth) AS d
                GROUP BY 1, 2
            ) x
            JOIN electoral_electoralunit a ON a.path = x.p
            """,
            [election_id, election_id] + ([election_id] if imported else []),
        )


# Each table's votes per option, as (table_id, option_id, votes): from the stored JSON, or,
# inside a results import, from the file's rows for its tables and the JSON for the others.
TABLE_VOTES = """
    SELECT r.table_id, v.key::bigint AS option_id, v.value::integer AS votes
    FROM electoral_tableresult r CROSS JOIN LATERAL jsonb_each_text(r.votes) AS v
    WHERE r.election_id = %s
"""
IMPORTED_TABLE_VOTES = """
    SELECT f.table_id, o.id AS option_id, f.votes
    FROM results_resolved f JOIN electoral_ballotoption o ON o.election_id = %s AND o.code = f.option_code
    UNION ALL
    SELECT r.table_id, v.key::bigint, v.value::integer
    FROM electoral_tableresult r CROSS JOIN LATERAL jsonb_each_text(r.votes) AS v
    WHERE r.election_id = %s AND NOT EXISTS (SELECT 1 FROM results_tables i WHERE i.table_id = r.table_id)
"""


def _summaries_refresh_soon(election_id: int) -> None:
    """Schedule one summary refresh per election (many tallies accepted in a minute share it)."""
    from electoral.tasks import refresh_summaries

    if cache.add(f"electoral:refresh-summaries:{election_id}", 1, timeout=120):
        transaction.on_commit(lambda: refresh_summaries.apply_async(args=(election_id,), countdown=5))


# Double entry of tally sheets ------------------------------------------------------------


def _clean_values(table: ElectoralUnit, options: list[BallotOption], values: dict) -> dict[str, int]:
    """{option id: votes} for every option of the ballot, refusing negatives and totals above registered voters."""
    cleaned: dict[str, int] = {}
    for option in options:
        raw = values.get(str(option.pk), values.get(option.pk, 0))
        try:
            votes = int(str(raw).strip() or 0)
        except (TypeError, ValueError):
            refuse(
                _("%(option)s: “%(value)s” is not a whole number.") % {"option": option.name, "value": raw},
                f"option_{option.pk}",
            )
        if votes < 0:
            refuse(
                _("%(option)s: the votes cannot be negative (%(value)s).") % {"option": option.name, "value": votes},
                f"option_{option.pk}",
            )
        cleaned[str(option.pk)] = votes
    total = sum(cleaned.values())
    if total > table.registered_voters:
        refuse(
            _("Table %(table)s: the votes (%(total)s) exceed its registered voters (%(registered)s).")
            % {"table": table.code, "total": total, "registered": table.registered_voters}
        )
    return cleaned


def _apply_table_values(
    *, election: Election, table: ElectoralUnit, options: list[BallotOption], values: dict[str, int], source: str
) -> None:
    by_kind = dict.fromkeys(BallotOption.Kind.values, 0)
    own = 0
    for option in options:
        votes = values.get(str(option.pk), 0)
        by_kind[option.kind] += votes
        own += votes if option.is_own else 0
    TableResult.objects.update_or_create(
        election=election,
        table=table,
        defaults={
            "registered": table.registered_voters,
            "valid": by_kind[BallotOption.Kind.PARTY] + by_kind[BallotOption.Kind.CANDIDATE],
            "blank": by_kind[BallotOption.Kind.BLANK],
            "null_votes": by_kind[BallotOption.Kind.NULL],
            "unmarked": by_kind[BallotOption.Kind.UNMARKED],
            "total": sum(values.values()),
            "own_votes": own,
            "votes": values,
            "source": source,
        },
    )
    _summaries_refresh_soon(election.pk)


@transaction.atomic
def tally_entry_submit(
    *, actor: User, election: Election, table: ElectoralUnit, values: dict, photo: UploadedFile | None = None
) -> TallyCapture:
    """First or second typing of a table's tally sheet. The second must come from a different user:
    equal entries become the table's result, different ones wait for a third user's decision."""
    ensure_role(actor, OPERATORS, _("enter tally sheets"))
    ensure_reach(actor, table.territory)
    if not table.is_table:
        refuse(_("%(unit)s is not a table.") % {"unit": table.name}, "table")
    options = list(election.ballot_options.order_by("kind", "code"))
    if not options:
        refuse(_("The election has no ballot options yet: configure the ballot first."))
    cleaned = _clean_values(table, options, values)
    if photo:
        check_photo(upload=photo)
    capture = TallyCapture.objects.select_for_update().filter(election=election, table=table).first()
    now = timezone.now()
    if capture is None:
        capture = TallyCapture(election=election, table=table, first_values=cleaned, first_by=actor, first_at=now)
        if photo:
            capture.photo = photo
        capture.save()
        return capture
    if capture.status != TallyCapture.Status.AWAITING_SECOND:
        refuse(
            _("Table %(table)s already has two entries (%(status)s).")
            % {"table": table.code, "status": capture.get_status_display()}
        )
    if capture.first_by_id == actor.pk:
        refuse(_("The second entry must be typed by a different user."))
    capture.second_values, capture.second_by, capture.second_at = cleaned, actor, now
    if photo and not capture.photo:
        capture.photo = photo
    if capture.first_values == cleaned:
        capture.status = TallyCapture.Status.ACCEPTED
        capture.decided_values = cleaned
        _apply_table_values(
            election=election, table=table, options=options, values=cleaned, source=TableResult.Source.DOUBLE_ENTRY
        )
    else:
        capture.status = TallyCapture.Status.MISMATCH
    capture.save()
    return capture


@transaction.atomic
def tally_decide(*, actor: User, capture: TallyCapture, values: dict) -> TallyCapture:
    """A third user settles a mismatch, typing the right figures from the photo."""
    ensure_role(actor, OPERATORS, _("decide tally mismatches"))
    capture = TallyCapture.objects.select_for_update().select_related("table", "election").get(pk=capture.pk)
    ensure_reach(actor, capture.table.territory)
    if capture.status != TallyCapture.Status.MISMATCH:
        refuse(_("There is no mismatch to decide on this table."))
    if actor.pk in (capture.first_by_id, capture.second_by_id):
        refuse(_("The decision must be taken by a third user, not by one of those who typed the entries."))
    options = list(capture.election.ballot_options.order_by("kind", "code"))
    cleaned = _clean_values(capture.table, options, values)
    capture.decided_values, capture.decided_by, capture.decided_at = cleaned, actor, timezone.now()
    capture.status = TallyCapture.Status.ACCEPTED
    capture.save()
    _apply_table_values(
        election=capture.election,
        table=capture.table,
        options=options,
        values=cleaned,
        source=TableResult.Source.DOUBLE_ENTRY,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.APPROVE,
        obj=capture,
        message=_("Table %(code)s") % {"code": capture.table.code},
    )
    return capture
