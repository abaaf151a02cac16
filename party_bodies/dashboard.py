"""Party bodies: sidebar entries and what the app registers with core and militancia (AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register_nav
from core.roles import Role

BODY_VIEWERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.READ_ONLY, Role.ELECTORAL)


def register_items() -> None:
    from militancia.panels import MemberPanel, register_member_panel
    from party_bodies.selectors import member_panel

    section = _("Membership")
    register_nav(NavItem(_("Party bodies"), "party_bodies:office-body-list", "bi-diagram-3", BODY_VIEWERS, section, 60))
    register_nav(NavItem(_("Training"), "party_bodies:training-list", "bi-mortarboard", BODY_VIEWERS, section, 62))
    register_member_panel(
        MemberPanel(
            key="offices",
            title=_("Offices and training"),
            template="party_bodies/member_panel.html",
            roles=BODY_VIEWERS,
            get_context=member_panel,
            order=50,
        )
    )
