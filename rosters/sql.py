"""The set-based steps of the roster pipeline: one SQL statement per step, never a query per row.

Every statement is limited to one upload (and, for the import, one range of lines), so a
chunk runs in its own transaction and a retried job skips the chunks already done.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import NOT_PROVIDED

from militancia.models import Member
from rosters.models import RosterRow

ROW = RosterRow._meta.db_table
MEMBER = Member._meta.db_table
# Fields an import may fill on an existing member when the member's value is blank.
FILLABLE = ("birth_date", "sex", "phone", "email", "address")


def copy_rows(cursor, buffer) -> None:
    """COPY one buffer of staging lines (built by fields.RowValidator) into the staging table."""
    from rosters.fields import COPY_COLUMNS

    buffer.seek(0)
    cursor.copy_expert(f"COPY {ROW} ({', '.join(COPY_COLUMNS)}) FROM STDIN", buffer)


def reserve_member_ids(count: int) -> range:
    """`count` consecutive member ids that no other session will be given.

    One jump of the sequence instead of `count` calls of nextval (which cost half a second per
    100,000): the increment is widened for one nextval and narrowed again in one transaction.
    ALTER SEQUENCE locks the sequence until that transaction commits, so a concurrent nextval
    waits those few milliseconds and then continues after the block.
    """
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [MEMBER])
        sequence = cursor.fetchone()[0]  # already quoted where it needs to be
        cursor.execute(f"ALTER SEQUENCE {sequence} INCREMENT BY %s", [count])
        cursor.execute("SELECT nextval(%s)", [sequence])
        last = cursor.fetchone()[0]
        cursor.execute(f"ALTER SEQUENCE {sequence} INCREMENT BY 1")
    return range(last - count + 1, last + 1)


def mark_duplicates(cursor, upload_id: int, message_template: str) -> None:
    """Second and later lines with the same document inside the file are duplicates."""
    cursor.execute(
        f"""
        WITH d AS (
            SELECT line, first_value(line) OVER w AS first_line, row_number() OVER w AS n
            FROM {ROW} WHERE upload_id = %(u)s AND kind <> 'invalid'
            WINDOW w AS (PARTITION BY id_type, id_number ORDER BY line)
        )
        UPDATE {ROW} r
        SET kind = 'duplicate',
            errors = jsonb_build_object('id_number', replace(%(msg)s, '{{line}}', d.first_line::text))
        FROM d
        WHERE r.upload_id = %(u)s AND r.line = d.line AND d.n > 1
        """,
        {"u": upload_id, "msg": message_template},
    )


def match_members(cursor, upload_id: int, territory_path: str, lines: tuple[int, int] | None = None) -> None:
    """Rows naming an existing member: 'existing' inside the upload's territory, 'conflict' outside.

    With `lines`, only pending rows of that range are (re)matched: the import calls it again
    because members may have been created since the preview.
    """
    line_filter, params = _lines(lines)
    cursor.execute(
        f"""
        UPDATE {ROW} r
        SET member_id = m.id,
            kind = CASE WHEN t.path LIKE %(path)s THEN 'existing' ELSE 'conflict' END
        FROM {MEMBER} m JOIN core_territory t ON t.id = m.territory_id
        WHERE r.upload_id = %(u)s AND r.kind = 'new' AND r.outcome = '' {line_filter}
          AND m.id_number = r.id_number AND m.id_type = r.id_type
        """,
        {"u": upload_id, "path": territory_path + "%", **params},
    )
    _compare(cursor, upload_id, lines, changed_only=lines is not None)


def _compare(cursor, upload_id: int, lines, *, changed_only: bool = False) -> None:
    """What differs (reported, never overwritten) and which blanks the roster would fill.

    With `changed_only` (the import), only rows whose member changed since they were compared,
    or that were matched just now, are compared again: the others' comparison still holds.
    """
    line_filter, params = _lines(lines)
    if changed_only:
        line_filter += " AND m.updated_at IS DISTINCT FROM r.member_updated_at"
    different = ",\n".join(
        f"'{field}', CASE WHEN m.{field} <> '' AND r.{field} <> '' AND m.{field} <> r.{field} "
        f"THEN jsonb_build_array(m.{field}, r.{field}) END"
        for field in ("phone", "email", "address", "sex")
    )
    fills = ",\n".join(
        f"CASE WHEN m.{field} = '' AND r.{field} <> '' THEN '{field}' END"
        for field in ("sex", "phone", "email", "address")
    )
    cursor.execute(
        f"""
        UPDATE {ROW} r
        SET differences = NULLIF(jsonb_strip_nulls(jsonb_build_object(
                'name', CASE WHEN m.search_name <> r.search_name
                    THEN jsonb_build_array(m.first_names || ' ' || m.last_names, r.first_names || ' ' || r.last_names) END,
                'birth_date', CASE WHEN m.birth_date <> r.birth_date
                    THEN jsonb_build_array(to_char(m.birth_date, 'DD/MM/YYYY'), to_char(r.birth_date, 'DD/MM/YYYY')) END,
                'territory', CASE WHEN m.territory_id <> r.territory_id THEN jsonb_build_array(
                    (SELECT name FROM core_territory WHERE id = m.territory_id),
                    (SELECT name FROM core_territory WHERE id = r.territory_id)) END,
                {different}
            )), '{{}}'::jsonb),
            member_updated_at = m.updated_at,
            filled = NULLIF(array_remove(ARRAY[
                CASE WHEN m.birth_date IS NULL AND r.birth_date IS NOT NULL THEN 'birth_date' END,
                {fills}
            ]::varchar[], NULL), '{{}}')
        FROM {MEMBER} m
        WHERE r.upload_id = %(u)s AND r.kind IN ('existing', 'conflict') AND r.outcome = '' {line_filter}
          AND m.id = r.member_id
        """,
        {"u": upload_id, **params},
    )


def count_kinds(cursor, upload_id: int) -> dict:
    cursor.execute(
        f"""
        SELECT kind, count(*),
               count(*) FILTER (WHERE filled IS NOT NULL),
               count(*) FILTER (WHERE differences IS NOT NULL)
        FROM {ROW} WHERE upload_id = %s GROUP BY kind
        """,
        [upload_id],
    )
    counts = dict.fromkeys(RosterRow.Kind.values, 0)
    counts.update({"would_fill": 0, "with_differences": 0})
    for kind, total, fill, diff in cursor.fetchall():
        counts[kind] = total
        if kind == "existing":
            counts["would_fill"] = fill
            counts["with_differences"] = diff
    counts["total"] = sum(counts[kind] for kind in RosterRow.Kind.values)
    return counts


def count_outcomes(cursor, upload_id: int) -> dict:
    cursor.execute(f"SELECT outcome, count(*) FROM {ROW} WHERE upload_id = %s GROUP BY outcome", [upload_id])
    counts = {outcome or "pending": 0 for outcome in RosterRow.Outcome.values}
    for outcome, total in cursor.fetchall():
        counts[outcome or "pending"] = total
    return counts


def line_bounds(cursor, upload_id: int) -> tuple[int, int]:
    cursor.execute(
        f"SELECT coalesce(min(line), 0), coalesce(max(line), -1) FROM {ROW} WHERE upload_id = %s", [upload_id]
    )
    return cursor.fetchone()


def _member_insert_columns() -> tuple[list[str], list[str], dict]:
    """Columns and SELECT expressions to create members from staging rows.

    Built from the model, so a column added to Member later gets its Python default instead of
    breaking the import.
    """
    explicit = {
        "id_type": "r.id_type",
        "id_number": "r.id_number",
        "first_names": "r.first_names",
        "last_names": "r.last_names",
        "search_name": "r.search_name",
        "birth_date": "r.birth_date",
        "sex": "r.sex",
        "phone": "r.phone",
        "email": "r.email",
        "address": "r.address",
        "territory_id": "r.territory_id",
        "status": "'activo'",
        "joined_on": "%(today)s",
        "source": "'roster'",
        "source_ref": "%(ref)s",
        "consent_date": "%(consent_date)s",
        "consent_channel": "'paper'",
        "consent_evidence": "%(consent)s",
        "created_at": "now()",
        "updated_at": "now()",
        "created_by_id": "%(user)s",
        "updated_by_id": "%(user)s",
    }
    columns, expressions, defaults = [], [], {}
    for field in Member._meta.concrete_fields:
        if field.primary_key or getattr(field, "generated", False):
            continue
        column = field.column
        if column in explicit:
            columns.append(column)
            expressions.append(explicit[column])
        elif field.null:
            continue
        else:
            default = field.get_default() if field.default is not NOT_PROVIDED or field.blank else None
            if default is None and not field.null:
                default = (
                    "" if field.get_internal_type() in ("CharField", "TextField", "FileField", "ImageField") else False
                )
            key = f"default_{column}"
            defaults[key] = default
            columns.append(column)
            expressions.append(f"%({key})s")
    return columns, expressions, defaults


def import_chunk(cursor, *, upload, user_id: int | None, lines: tuple[int, int], territory_path: str, today) -> int:
    """Import one range of lines. Run inside one transaction with the chunk's progress update:
    either every row of the range gets its outcome, or none does. Returns the rows done."""
    upload_id = upload.pk
    line_filter, line_params = _lines(lines)
    columns, expressions, defaults = _member_insert_columns()
    params = {
        "u": upload_id,
        "today": today,
        "ref": upload.source_ref,
        "consent_date": upload.created_at.date(),
        "consent": upload.consent_location[:250],
        "user": user_id,
        **defaults,
        **line_params,
    }
    # New members first, with the ids drawn at validation. A document someone else created
    # since the preview is left alone (ON CONFLICT) and its row stays pending; only those rows
    # are matched again below, instead of every new row of the range.
    cursor.execute("SET LOCAL enable_nestloop = off")
    cursor.execute(
        f"""
        WITH created AS (
            INSERT INTO {MEMBER} (id, {", ".join(columns)})
            SELECT r.member_id, {", ".join(expressions)} FROM {ROW} r
            WHERE r.upload_id = %(u)s AND r.kind = 'new' AND r.outcome = '' {line_filter}
            ORDER BY r.line
            ON CONFLICT (id_number, id_type) DO NOTHING
            RETURNING id
        )
        UPDATE {ROW} r SET outcome = 'created'
        FROM created c
        WHERE r.upload_id = %(u)s AND r.kind = 'new' {line_filter} AND r.member_id = c.id
        """,
        params,
    )
    done = cursor.rowcount
    cursor.execute("SET LOCAL enable_nestloop = on")
    # Rows whose document became a member since the preview, and rows whose member changed
    # since: matched and compared again, so the blanks filled are the member's blanks now.
    match_members(cursor, upload_id, territory_path, lines)
    # Already members: fill blanks only (the fields are listed per row for the rollback).
    sets = ",\n".join(
        f"{field} = CASE WHEN '{field}' = ANY(r.filled) AND {_blank('m.' + field, field)} THEN r.{field} ELSE m.{field} END"
        for field in FILLABLE
    )
    cursor.execute(
        f"""
        UPDATE {MEMBER} m SET {sets}, updated_at = now(), updated_by_id = %(user)s
        FROM {ROW} r
        WHERE r.upload_id = %(u)s AND r.kind = 'existing' AND r.outcome = '' AND r.filled IS NOT NULL {line_filter}
          AND m.id = r.member_id
        """,
        params,
    )
    # Members of another territory: to the national administrators' queue.
    cursor.execute(
        f"""
        INSERT INTO militancia_rosterconflict
            (upload_id, line, member_id, proposed_territory_id, data, status, created_at, note)
        SELECT r.upload_id, r.line, r.member_id, r.territory_id,
               jsonb_build_object('first_names', r.first_names, 'last_names', r.last_names,
                                  'birth_date', r.birth_date, 'phone', r.phone, 'email', r.email,
                                  'address', r.address, 'sex', r.sex),
               'pending', now(), ''
        FROM {ROW} r
        WHERE r.upload_id = %(u)s AND r.kind = 'conflict' AND r.outcome = '' {line_filter}
        ON CONFLICT (upload_id, line) DO NOTHING
        """,
        params,
    )
    # Every other row of the range gets its outcome: that is what a retried job looks at.
    cursor.execute(
        f"""
        UPDATE {ROW} r
        SET outcome = CASE r.kind
                WHEN 'existing' THEN CASE WHEN r.filled IS NULL THEN 'unchanged' ELSE 'updated' END
                WHEN 'conflict' THEN 'conflict'
                ELSE 'skipped' END,
            member_id = CASE WHEN r.kind = 'new' THEN NULL ELSE r.member_id END
        WHERE r.upload_id = %(u)s AND r.outcome = '' {line_filter}
        """,
        params,
    )
    return done + cursor.rowcount


def _blank(column: str, field: str) -> str:
    return f"{column} IS NULL" if field == "birth_date" else f"{column} = ''"


def _lines(lines):
    if lines is None:
        return "", {}
    return "AND r.line BETWEEN %(first)s AND %(last)s", {"first": lines[0], "last": lines[1]}


def restore_filled(cursor, upload_id: int) -> list[dict]:
    """Rollback of the blanks an import filled: back to blank where the value is still ours.

    Returns the fields that changed since (and so stay as they are)."""
    cursor.execute(
        f"""
        SELECT r.line, r.member_id, f.field
        FROM {ROW} r JOIN {MEMBER} m ON m.id = r.member_id, unnest(r.filled) AS f(field)
        WHERE r.upload_id = %(u)s AND r.outcome = 'updated' AND (
            (f.field = 'birth_date' AND m.birth_date IS DISTINCT FROM r.birth_date)
            OR (f.field = 'sex' AND m.sex IS DISTINCT FROM r.sex)
            OR (f.field = 'phone' AND m.phone IS DISTINCT FROM r.phone)
            OR (f.field = 'email' AND m.email IS DISTINCT FROM r.email)
            OR (f.field = 'address' AND m.address IS DISTINCT FROM r.address))
        ORDER BY r.line
        """,
        {"u": upload_id},
    )
    kept = [{"line": line, "member": member, "field": field} for line, member, field in cursor.fetchall()]
    blank = {field: "NULL" if field == "birth_date" else "''" for field in FILLABLE}
    sets = ",\n".join(
        f"{field} = CASE WHEN '{field}' = ANY(r.filled) AND m.{field} IS NOT DISTINCT FROM r.{field} "
        f"THEN {blank[field]} ELSE m.{field} END"
        for field in FILLABLE
    )
    cursor.execute(
        f"""
        UPDATE {MEMBER} m SET {sets}, updated_at = now()
        FROM {ROW} r
        WHERE r.upload_id = %(u)s AND r.outcome = 'updated' AND m.id = r.member_id
        """,
        {"u": upload_id},
    )
    return kept


def execute(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
