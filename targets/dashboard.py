"""Targets: sidebar entries and what the app registers with core and militancia (AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register_nav
from core.roles import Role

TARGET_VIEWERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.READ_ONLY)


def register_items() -> None:
    register_nav(NavItem(_("Targets"), "targets:targets-dashboard", "bi-bullseye", TARGET_VIEWERS, _("Membership"), 70))


def register_files() -> None:
    from core.files import register_protected_file
    from targets.models import NationalReport

    register_protected_file(NationalReport, "file", roles=(Role.NATIONAL_ADMIN,))
