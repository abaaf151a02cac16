"""Militancia's sidebar entries and home-page counters (registered in AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, Widget, register_nav, register_widget
from core.roles import Role

MEMBER_READERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.CARDS, Role.ELECTORAL, Role.READ_ONLY)
ROSTER_USERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)


ACTIVE_COUNT_SECONDS = 5 * 60


def _active_members(user) -> int:
    """Active members in the user's scope, cached per scope for a few minutes.

    An exact COUNT(*) over millions of rows takes seconds; the home page must not pay it on
    every load. The count is shared by every user with the same scope.
    """
    from django.core.cache import cache

    from militancia.models import Member

    if user.is_national:
        estimate = _estimated_active_members()
        if estimate is not None:
            return estimate
    scope = "national" if user.is_national else "-".join(sorted(str(t.pk) for t in user.scope_territories))
    key = f"militancia:active-members:v1:{scope}"
    value = cache.get(key)
    if value is None:
        value = Member.objects.visible_to(user).active().filter(merged_into__isnull=True).count()
        cache.set(key, value, ACTIVE_COUNT_SECONDS)
    return value


ESTIMATE_FROM_ROWS = 500_000


def _estimated_active_members() -> int | None:
    """The planner's statistics (row estimate × share of "activo"): instant at any size.

    None while the table is small (or not analyzed yet): then an exact count is cheap.
    """
    from django.db import connection

    from militancia.models import Member

    table = Member._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
        row = cursor.fetchone()
        if not row or row[0] < ESTIMATE_FROM_ROWS:
            return None
        cursor.execute(
            "SELECT most_common_vals::text::text[], most_common_freqs FROM pg_stats "
            "WHERE tablename = %s AND attname = 'status'",
            [table],
        )
        stats = cursor.fetchone()
    if not stats or not stats[0]:
        return None
    share = dict(zip(stats[0], stats[1], strict=False)).get(Member.Status.ACTIVE.value, 0.0)
    return round(row[0] * share)


def register_items() -> None:
    section = _("Membership")
    register_nav(NavItem(_("Members"), "militancia:member-list", "bi-person-vcard", MEMBER_READERS, section, 10))
    register_nav(
        NavItem(
            _("Possible duplicates"),
            "militancia:duplicate-list",
            "bi-people",
            (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR),
            section,
            30,
        )
    )
    register_nav(
        NavItem(_("Membership reports"), "militancia:member-reports", "bi-graph-up", MEMBER_READERS, section, 40)
    )
    register_widget(
        Widget(_("Active members"), MEMBER_READERS, _active_members, "militancia:member-list", "bi-person-vcard", 10)
    )
