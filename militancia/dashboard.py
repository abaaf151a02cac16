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
    register_nav(NavItem(_("Members"), "member-list", "bi-person-vcard", MEMBER_READERS, section, 10))
    register_nav(NavItem(_("Rosters"), "roster-list", "bi-file-earmark-spreadsheet", ROSTER_USERS, section, 20))
    register_nav(
        NavItem(
            _("Roster conflicts"), "roster-conflict-list", "bi-exclamation-diamond", (Role.NATIONAL_ADMIN,), section, 25
        )
    )
    register_nav(
        NavItem(
            _("Possible duplicates"),
            "duplicate-list",
            "bi-people",
            (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR),
            section,
            30,
        )
    )
    register_nav(NavItem(_("Membership reports"), "member-reports", "bi-graph-up", MEMBER_READERS, section, 40))
    register_widget(Widget(_("Active members"), MEMBER_READERS, _active_members, "member-list", "bi-person-vcard", 10))


# ---- Membership operations (issue 7) ----------------------------------------------------------
OPERATIONS_STAFF = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)
OPERATIONS_VIEWERS = (*OPERATIONS_STAFF, Role.READ_ONLY)


def _overdue_requests(user) -> int:
    from militancia.operations.attention.selectors import attention_overdue_count

    return attention_overdue_count(user)


def register_operations_items() -> None:
    import militancia.operations.tasks  # noqa: F401  (registers the Celery tasks with the worker)

    section = _("Membership")
    register_nav(NavItem(_("Attention requests"), "attention-queue", "bi-inbox", OPERATIONS_VIEWERS, section, 50))
    register_nav(
        NavItem(
            _("Digitization audit"),
            "audit-vendor-list",
            "bi-box-seam",
            (Role.NATIONAL_ADMIN, Role.READ_ONLY),
            section,
            55,
        )
    )
    register_nav(
        NavItem(
            _("Party bodies"), "office-body-list", "bi-diagram-3", (*OPERATIONS_VIEWERS, Role.ELECTORAL), section, 60
        )
    )
    register_nav(
        NavItem(_("Training"), "training-list", "bi-mortarboard", (*OPERATIONS_VIEWERS, Role.ELECTORAL), section, 62)
    )
    register_nav(NavItem(_("Targets"), "targets-dashboard", "bi-bullseye", OPERATIONS_VIEWERS, section, 70))
    register_nav(
        NavItem(_("Data suppression"), "rights-suppressions", "bi-eraser", (Role.NATIONAL_ADMIN,), section, 80)
    )
    from militancia.operations.offices.selectors import member_panel
    from militancia.panels import MemberPanel, register_member_panel

    register_member_panel(
        MemberPanel(
            key="offices",
            title=_("Offices and training"),
            template="militancia/operations/offices/member_panel.html",
            roles=(*OPERATIONS_VIEWERS, Role.ELECTORAL),
            get_context=member_panel,
            order=50,
        )
    )
    register_widget(
        Widget(
            _("Overdue attention requests"),
            OPERATIONS_VIEWERS,
            _overdue_requests,
            "attention-queue",
            "bi-alarm",
            50,
            tone="danger",
            help_text=_("Past their legal due date"),
        )
    )


register_items_without_operations = register_items


def register_items() -> None:  # noqa: F811  (extends the registry's entries with the operations ones)
    register_items_without_operations()
    register_operations_items()
