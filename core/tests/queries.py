"""Query-count checks shared by the suite (pytest-django's django_assert_max_num_queries for the rest)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def at_most_queries(limit: int) -> Iterator[None]:
    """Like django_assert_max_num_queries, without the SAVEPOINTs that only the test transaction adds
    (an atomic block that is the outermost in production commits or rolls back without a query)."""
    with CaptureQueriesContext(connection) as context:
        yield
    queries = [
        q["sql"]
        for q in context.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))
    ]
    assert len(queries) <= limit, f"{len(queries)} queries, at most {limit} expected:\n\n" + "\n\n".join(queries)
