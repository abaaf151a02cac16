"""Social organizations: sidebar entries and the home-page counter (AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, Widget, register_nav, register_widget
from core.roles import Role
from social_orgs.roles import VIEWERS


def _upcoming(user) -> int:
    from social_orgs.selectors import upcoming_election_count

    return upcoming_election_count(user=user)


def register_items() -> None:
    section = _("Secretariats")
    register_nav(NavItem(_("Social organizations"), "social_orgs:organization-list", "bi-people", VIEWERS, section, 72))
    register_nav(
        NavItem(_("Organization elections"), "social_orgs:election-list", "bi-check2-square", VIEWERS, section, 74)
    )
    register_widget(
        Widget(
            title=_("Upcoming elections of social organizations"),
            roles=(Role.SOCIAL_AFFAIRS, Role.ELECTORAL),
            compute=_upcoming,
            url_name="social_orgs:election-list",
            icon="bi-check2-square",
            order=74,
        )
    )
