"""Militancia's sidebar entries and home-page counters (registered in AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, Widget, register_nav, register_widget
from core.roles import Role

MEMBER_READERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.CARDS, Role.ELECTORAL, Role.READ_ONLY)
ROSTER_USERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)


def _active_members(user) -> int:
    """Active members in the user's scope, from the member tallies (recounted every few minutes by
    a periodic task): one SUM over a few thousand rows, at any registry size. A registry never
    tallied yet (new installation) is tallied on the spot."""
    from django.db.models import Sum

    from core.routers import reporting_database
    from militancia.models import Member, MemberTally
    from militancia.services.tallies import tallies_ensure

    tallies_ensure()
    tallies = MemberTally.objects.using(reporting_database()).visible_to(user)
    return tallies.filter(status=Member.Status.ACTIVE).aggregate(n=Sum("members"))["n"] or 0


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
