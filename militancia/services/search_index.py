"""Upkeep of the members' name-search index after bulk writes."""

from __future__ import annotations

from django.db import connection, transaction

SEARCH_INDEX = "member_search_vector"


def search_index_merge() -> int:
    """Merge the name-search index's pending entries into the index; returns the pages merged.

    The GIN index takes new names into a pending list of up to 32 MB (migration 0019): a roster
    import of 100,000 members then pays no merge while the user waits for it (0.3–0.5 s of the
    server's time per 100,000, bench/bench_roster.py). Searches read that list one entry at a
    time, so it is merged right after an import and every few minutes (BEAT_SEARCH_INDEX_MERGE);
    autovacuum merges it too when it visits the table.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [SEARCH_INDEX])
        return cursor.fetchone()[0]


def search_index_merge_soon() -> None:
    """After many members were written (a roster import): merge once that commits."""
    from militancia.tasks import merge_search_index

    transaction.on_commit(merge_search_index.delay)
