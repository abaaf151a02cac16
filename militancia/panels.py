"""Panels that other apps contribute to the member page (cards, offices, poll-watcher duty…).

Apps built on militancia register a panel in their AppConfig.ready(); the member page renders
every panel the viewer's role allows, so militancia never imports them.

    register_member_panel(MemberPanel(
        key="cards", title=_("Cards"), template="carnets/member_panel.html",
        roles=(Role.CARDS, ...), get_context=lambda member, user: {"cards": ...}, order=20))

`get_context` must run a constant number of queries (the page is checked for N+1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.roles import Role


@dataclass(frozen=True)
class MemberPanel:
    key: str
    title: str
    template: str
    roles: tuple[Role, ...]
    get_context: Callable
    order: int = 100


_panels: dict[str, MemberPanel] = {}


def register_member_panel(panel: MemberPanel) -> None:
    _panels[panel.key] = panel


def panels_for(member, user) -> list[dict]:
    """The panels this user may see for this member, with their rendered context."""
    visible = sorted((p for p in _panels.values() if user.has_role(*p.roles)), key=lambda p: p.order)
    return [{"panel": panel, "context": panel.get_context(member, user)} for panel in visible]
