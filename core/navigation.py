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
    label: str
    url_name: str
    icon: str
    roles: tuple[Role, ...]
    section: str = ""
    order: int = 100


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
    items = [i for i in registry.nav if user.has_role(*i.roles) and _resolves(i.url_name)]
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
    return sorted((w for w in registry.widgets if user.has_role(*w.roles)), key=lambda w: w.order)
