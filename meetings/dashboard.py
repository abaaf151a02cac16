"""Meetings: sidebar entries, the home-page counter and the protected files (AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, Widget, register_nav, register_widget
from core.roles import Role
from meetings.roles import VIEWERS


def _my_overdue(user) -> int:
    from meetings.selectors import overdue_count

    return overdue_count(user)


def register_items() -> None:
    section = _("Meetings")
    register_nav(NavItem(_("Meetings"), "meetings:meeting-list", "bi-people", VIEWERS, section, 70))
    # Every signed-in user, with any role, may be responsible for a commitment.
    register_nav(NavItem(_("My commitments"), "meetings:my-commitments", "bi-check2-square", (), section, 71))
    # On the home page of every role (a user with no role is told to ask for one instead).
    register_widget(
        Widget(
            _("My overdue commitments"),
            tuple(Role),
            _my_overdue,
            "meetings:my-commitments",
            "bi-hourglass-bottom",
            45,
            tone="danger",
            help_text=_("Past their due date and not done"),
        )
    )


def register_files() -> None:
    from core.files import register_protected_file
    from meetings.models import MeetingAttachment

    register_protected_file(MeetingAttachment, "file", roles=VIEWERS, filename=lambda item: item.name)
