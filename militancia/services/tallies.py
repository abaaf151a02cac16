"""The member tallies (`MemberTally`): rebuilt in one GROUP BY over the registry.

At 10 million members the reports page cannot count on every load (a GROUP BY over the whole
table takes seconds): it reads the tallies, which the periodic task `militancia.tallies_refresh`
rebuilds every few minutes (BEAT_MEMBER_TALLIES) and a roster import refreshes when it ends.
The pages say how old the figures are.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from core.dates import add_months, month_start
from core.routers import reporting_database
from militancia.models import Member, MemberTally

if TYPE_CHECKING:
    from core.models import User

TALLY_MONTHS = 24  # months joined kept apart (the report shows 12); older members share one row
LOCK_KEY = "militancia:tallies-refresh:lock"
LOCK_SECONDS = 30 * 60

# Each `with_<field>` column counts members whose field is filled in (militancia.reports.COMPLETENESS_FIELDS).
FILLED = {
    "phone": "phone <> ''",
    "email": "email <> ''",
    "birth_date": "birth_date IS NOT NULL",
    "sex": "sex <> ''",
    "address": "address <> ''",
    "consent_date": "consent_date IS NOT NULL",
    "photo": "photo <> ''",
}


def _grouped_sql() -> str:
    member = Member._meta.db_table
    filled = ", ".join(f"count(*) FILTER (WHERE {condition})" for condition in FILLED.values())
    return (
        f"SELECT territory_id, status, CASE WHEN joined_on >= %s THEN date_trunc('month', joined_on)::date END, "
        f"count(*), {filled} FROM {member} WHERE merged_into_id IS NULL GROUP BY 1, 2, 3"
    )


def tallies_refresh() -> dict:
    """Count the registry again and replace every tally at once (readers see the old ones until
    the new ones are committed). Runs one at a time: a second call while one runs is skipped."""
    if not cache.add(LOCK_KEY, "1", LOCK_SECONDS):
        return {"skipped": True}
    try:
        since = add_months(month_start(timezone.localdate()), -(TALLY_MONTHS - 1))
        now = timezone.now()
        # The counting is a read: on a read replica when one is configured (settings.DATABASES["replica"]).
        from django.db import connections

        with connections[reporting_database()].cursor() as cursor:
            cursor.execute(_grouped_sql(), [since])
            groups = cursor.fetchall()
        columns = [f"with_{name}" for name in FILLED]
        tallies = [
            MemberTally(
                territory_id=territory_id,
                status=status,
                joined_month=month,
                members=members,
                refreshed_at=now,
                **dict(zip(columns, filled, strict=True)),
            )
            for territory_id, status, month, members, *filled in groups
        ]
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {MemberTally._meta.db_table}")
            MemberTally.objects.bulk_create(tallies, batch_size=5000)
        return {"tallies": len(tallies), "members": sum(t.members for t in tallies)}
    finally:
        cache.delete(LOCK_KEY)


def tallies_refreshed_at() -> datetime | None:
    """When the tallies were last rebuilt (None: never, e.g. a new installation)."""
    row = MemberTally.objects.using(reporting_database()).order_by().values_list("refreshed_at", flat=True)[:1]
    return row[0] if row else None


def tallies_ensure() -> None:
    """A registry that was never tallied (new installation, tests) is tallied now, once: the
    pages then always read tallies. On a large registry the periodic task has done it long before."""
    if tallies_refreshed_at() is None and Member.objects.exists():
        tallies_refresh()


def tallies_refresh_soon() -> None:
    """After a change of many members (a roster import): refresh in the background once it commits."""
    from militancia.tasks import refresh_tallies

    transaction.on_commit(refresh_tallies.delay)


def tallies_refresh_request(*, actor: User | None) -> None:
    """Someone who reads the reports asked for fresh figures: recount in the background (a few
    seconds to a minute at millions of members; a recount already running makes this one a no-op)."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    from militancia.dashboard import MEMBER_READERS

    if actor is None or not actor.has_role(*MEMBER_READERS):
        raise PermissionDenied(_("You cannot refresh the membership figures."))
    tallies_refresh_soon()
