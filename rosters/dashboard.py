"""Rosters: sidebar entries and what the app registers with core and militancia (AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register_nav
from core.roles import Role

ROSTER_USERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)


def register_items() -> None:
    section = _("Membership")
    register_nav(NavItem(_("Rosters"), "rosters:roster-list", "bi-file-earmark-spreadsheet", ROSTER_USERS, section, 20))
    register_nav(
        NavItem(
            _("Roster conflicts"),
            "rosters:roster-conflict-list",
            "bi-exclamation-diamond",
            (Role.NATIONAL_ADMIN,),
            section,
            25,
        )
    )


def register_files() -> None:
    from core.files import register_protected_file
    from rosters.models import RosterUpload

    register_protected_file(
        RosterUpload, "file", roles=ROSTER_USERS, personal=True, filename=lambda upload: upload.original_name
    )
