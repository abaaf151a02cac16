"""The audit log's hash chain: tampering found, even by someone who can get round the trigger.

Design. Events are inserted as before (`core.audit.audit_record`, bulk paths, raw SQL); none of
them computes a hash, so no writer waits for another. The sealer (`audit_chain_seal`: a beat
task every minute, and `manage.py audit_verify` before it checks) takes the committed events
that have no place yet, in id order, and gives each the next position (`chain_seq`), the hash
of the event before it (`prev_hash`) and the hash of its own content with both (`hash`). It runs
in PostgreSQL (`core_auditevent_seal`, migration 0007) under an advisory lock, so two sealers
never fork the chain. The hash is one SQL function (`core_auditevent_digest`), used to seal and
to verify: every column of the event (its personal values are markers there, the values live
in `AuditPersonalValue` and stay erasable, see core/audit.py).

`audit_chain_verify` recomputes every hash and reports the first broken link: an event whose
content changed, one missing from the sequence, or a link that points elsewhere. Cutting the
newest events off the end leaves a shorter valid chain: keep the head the verification prints
(position and hash) outside the database, e.g. with each backup, and compare.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

SEAL_BATCH = 10_000

_VERIFY_SQL = """
WITH chain AS (
    SELECT id, chain_seq, hash, prev_hash, core_auditevent_digest(e) AS computed,
           lag(hash) OVER w AS previous_hash, lag(chain_seq) OVER w AS previous_seq
    FROM core_auditevent e
    WHERE chain_seq IS NOT NULL
    WINDOW w AS (ORDER BY chain_seq)
)
SELECT id, chain_seq,
       CASE WHEN computed <> hash THEN 'content'
            WHEN chain_seq <> coalesce(previous_seq, 0) + 1 THEN 'missing'
            ELSE 'link' END
FROM chain
WHERE computed <> hash OR chain_seq <> coalesce(previous_seq, 0) + 1 OR prev_hash <> coalesce(previous_hash, '')
ORDER BY chain_seq
LIMIT 1
"""


@dataclass(frozen=True)
class ChainBreak:
    """The first event where the chain does not hold, and why: "content" (the event was
    changed), "missing" (the event before it was removed) or "link" (it points elsewhere)."""

    event_id: int
    position: int
    reason: str


@dataclass(frozen=True)
class ChainReport:
    sealed: int
    unsealed: int
    head_position: int
    head_hash: str
    first_break: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def audit_chain_seal(*, batch: int = SEAL_BATCH) -> int:
    """Give every committed, not yet sealed event its place in the chain; returns how many.
    One transaction per batch, so a long backlog (the first run after the upgrade) never holds
    the lock for long."""
    total = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT core_auditevent_seal(%s)", [batch])
            sealed = cursor.fetchone()[0]
        total += sealed
        if sealed < batch:
            return total


def audit_chain_verify(*, cursor=None) -> ChainReport:
    """Recompute the chain in the database `cursor` points at (this project's by default: a
    restored backup is checked by passing a cursor on it)."""
    if cursor is None:
        with connection.cursor() as own:
            return audit_chain_verify(cursor=own)
    cursor.execute(
        "SELECT count(chain_seq), count(*) - count(chain_seq), coalesce(max(chain_seq), 0) FROM core_auditevent"
    )
    sealed, unsealed, head_position = cursor.fetchone()
    cursor.execute("SELECT hash FROM core_auditevent WHERE chain_seq = %s", [head_position])
    row = cursor.fetchone()
    cursor.execute(_VERIFY_SQL)
    broken = cursor.fetchone()
    return ChainReport(
        sealed=sealed,
        unsealed=unsealed,
        head_position=head_position,
        head_hash=row[0] if row else "",
        first_break=ChainBreak(event_id=broken[0], position=broken[1], reason=broken[2]) if broken else None,
    )
