"""Solidarity: the sidebar entry and the home-page counter (AppConfig.ready).

Both are shown to the secretariat's role and to professionals with a user account, the two kinds
of people the case pages admit (solidarity.views); no other role, not even a national one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, Widget, register_nav, register_widget
from core.roles import Role


def _case_worker(user) -> bool:
    from solidarity.models import holds_solidarity_role, is_case_professional

    return holds_solidarity_role(user) or is_case_professional(user)


@dataclass(frozen=True)
class CaseWorkerNavItem(NavItem):
    """Shown by who the user is (role or professional account), not by role alone: a professional
    may hold no role at all."""

    def shown_to(self, user) -> bool:
        return _case_worker(user)


@dataclass(frozen=True)
class CaseWorkerWidget(Widget):
    def shown_to(self, user) -> bool:
        return _case_worker(user)


def _open_cases(user) -> int:
    from solidarity.selectors import open_case_count

    return open_case_count(user=user)


def register_items() -> None:
    section = _("Secretariats")
    register_nav(
        CaseWorkerNavItem(
            _("Solidarity cases"), "solidarity:case-list", "bi-heart-pulse", (Role.SOLIDARITY,), section, 70
        )
    )
    register_widget(
        CaseWorkerWidget(
            title=_("Open solidarity cases"),
            roles=(Role.SOLIDARITY,),
            compute=_open_cases,
            url_name="solidarity:case-list",
            icon="bi-heart-pulse",
            order=70,
            tone="danger",
        )
    )
