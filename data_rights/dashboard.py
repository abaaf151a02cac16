"""Data-subject rights: sidebar entries and what the app registers with core and militancia (AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register_nav
from core.roles import Role


def register_items() -> None:
    register_nav(
        NavItem(
            _("Data suppression"),
            "data_rights:rights-suppressions",
            "bi-eraser",
            (Role.NATIONAL_ADMIN,),
            _("Membership"),
            80,
        )
    )
