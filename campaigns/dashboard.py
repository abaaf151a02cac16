"""Sidebar entries and home counters of field work (registered in ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from campaigns.roles import CANVASSERS, COORDINATORS
from core.navigation import NavItem, Widget, register_nav, register_widget


def _my_lists(user) -> int:
    from campaigns.models import WalkList

    return WalkList.objects.of_volunteer(user).count()


def register_items() -> None:
    section = _("Field work")
    register_nav(
        NavItem(_("Canvassing campaigns"), "campaigns:campaign-list", "bi-signpost-split", COORDINATORS, section, 70)
    )
    register_nav(NavItem(_("Contacts"), "campaigns:contact-list", "bi-person-lines-fill", COORDINATORS, section, 71))
    register_nav(NavItem(_("My walk lists"), "campaigns:my-lists", "bi-phone", CANVASSERS, section, 72))
    register_widget(Widget(_("My walk lists"), CANVASSERS, _my_lists, "campaigns:my-lists", "bi-phone", 70))
