"""Sidebar entries and home-page counters of communications."""

from django.utils.translation import gettext_lazy as _

from comunicaciones.roles import READ_ROLES, TEAM_ROLES
from core.navigation import NavItem, Widget, register_nav, register_widget
from core.roles import Role

SECTION = _("Communications")


def _waiting_review(user) -> int:
    from comunicaciones.models import Piece

    return Piece.objects.visible_to(user).filter(status__in=Piece.REVIEW_STATES).count()


def _returned_to_me(user) -> int:
    from comunicaciones.selectors import pieces_returned_to

    return pieces_returned_to(user=user).count()


def _unread_notifications(user) -> int:
    from comunicaciones.selectors import unread_count

    return unread_count(user=user)


def _planned_this_week(user) -> int:
    from datetime import timedelta

    from django.utils import timezone

    from comunicaciones.models import Piece
    from comunicaciones.selectors import week_start

    start = week_start(timezone.localdate())
    return (
        Piece.objects.visible_to(user)
        .filter(planned_date__gte=start, planned_date__lt=start + timedelta(days=7))
        .exclude(status=Piece.Status.PUBLISHED)
        .count()
    )


def register_items() -> None:
    chief = (Role.COMMS_CHIEF,)
    register_nav(NavItem(_("Review inbox"), "comunicaciones:inbox", "bi-inbox", chief, SECTION, 300))
    register_nav(NavItem(_("Pieces"), "comunicaciones:piece-list", "bi-megaphone", READ_ROLES, SECTION, 301))
    register_nav(NavItem(_("Calendar"), "comunicaciones:calendar", "bi-calendar3", READ_ROLES, SECTION, 302))
    register_nav(NavItem(_("Editorial meetings"), "comunicaciones:meeting-list", "bi-people", READ_ROLES, SECTION, 303))
    register_nav(NavItem(_("Network statistics"), "comunicaciones:stat-list", "bi-graph-up", READ_ROLES, SECTION, 304))
    register_nav(
        NavItem(_("Monthly reports"), "comunicaciones:report-list", "bi-file-earmark-pdf", READ_ROLES, SECTION, 305)
    )
    register_nav(NavItem(_("Press and media"), "comunicaciones:mention-list", "bi-newspaper", READ_ROLES, SECTION, 306))
    register_nav(NavItem(_("Press agenda"), "comunicaciones:appearance-list", "bi-mic", READ_ROLES, SECTION, 306))
    register_nav(NavItem(_("Notifications"), "comunicaciones:notification-list", "bi-bell", TEAM_ROLES, SECTION, 307))

    register_widget(
        Widget(
            _("Pieces waiting for review"), chief, _waiting_review, "comunicaciones:inbox", "bi-inbox", 300, "warning"
        )
    )
    register_widget(
        Widget(
            _("Pieces returned to me"),
            (Role.COMMS_PROFESSIONAL,),
            _returned_to_me,
            "comunicaciones:piece-list",
            "bi-arrow-return-left",
            301,
            "danger",
        )
    )
    register_widget(
        Widget(
            _("Unread notifications"),
            TEAM_ROLES,
            _unread_notifications,
            "comunicaciones:notification-list",
            "bi-bell",
            302,
            "info",
        )
    )
    register_widget(
        Widget(
            _("Pieces planned this week"),
            READ_ROLES,
            _planned_this_week,
            "comunicaciones:calendar",
            "bi-calendar-week",
            303,
            "primary",
        )
    )
