"""Militancia's sidebar entries and home-page counters (registered in AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, Widget, register_nav, register_widget
from core.roles import Role

MEMBER_READERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.CARDS, Role.ELECTORAL, Role.READ_ONLY)
ROSTER_USERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)


def _active_members(user) -> int:
    from militancia.models import Member

    return Member.objects.visible_to(user).active().count()


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
