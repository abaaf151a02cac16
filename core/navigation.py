"""Registries that let each app contribute navigation entries and home-page widgets.

Apps register in their AppConfig.ready(); core only renders what it is given, so it
never imports the apps built on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from core.roles import Role


@dataclass(frozen=True)
class NavItem:
    """A sidebar entry, shown only to users who may open its target.

    `roles` must match the roles the target view admits (empty: every signed-in user, with or
    without a role, e.g. "My commitments"); `allowed(user)` adds any other
    condition the view checks (e.g. the Django admin needs `is_staff`), so no entry leads to
    a 403 or a login page.
    """

    label: str
    url_name: str
    icon: str
    roles: tuple[Role, ...]
    section: str = ""
    order: int = 100
    allowed: Callable | None = None

    def shown_to(self, user) -> bool:
        return (not self.roles or user.has_role(*self.roles)) and (self.allowed is None or self.allowed(user))


@dataclass(frozen=True)
class Widget:
    """A home-page counter: `compute(user)` returns a number (already scoped to the user)."""

    title: str
    roles: tuple[Role, ...]
    compute: Callable
    url_name: str = ""
    icon: str = "bi-bar-chart"
    order: int = 100
    tone: str = "primary"
    help_text: str = ""
    allowed: Callable | None = None

    def shown_to(self, user) -> bool:
        return user.has_role(*self.roles) and (self.allowed is None or self.allowed(user))


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    widgets: list[Widget] = field(default_factory=list)


registry = Registry()


def register_nav(item: NavItem) -> None:
    if item not in registry.nav:
        registry.nav.append(item)


def register_widget(widget: Widget) -> None:
    if widget.title not in {w.title for w in registry.widgets}:
        registry.widgets.append(widget)


def nav_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    items = [i for i in registry.nav if i.shown_to(user) and _resolves(i.url_name)]
    # Sections stay together (the template regroups them), placed by their first entry's order.
    section_rank: dict[str, int] = {}
    for item in items:
        key = str(item.section)
        section_rank[key] = min(section_rank.get(key, item.order), item.order)
    return sorted(items, key=lambda i: (section_rank[str(i.section)], str(i.section), i.order, str(i.label)))


def _resolves(url_name: str) -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(url_name)
    except NoReverseMatch:
        return False
    return True


def widgets_for(user) -> list[Widget]:
    return sorted((w for w in registry.widgets if w.shown_to(user)), key=lambda w: w.order)
