"""Electoral sidebar entries, home-page counters and the member-page panel (registered in ready())."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, Widget, register_nav, register_widget
from electoral.roles import READERS
from militancia.panels import MemberPanel, register_member_panel


def _milestones_due(user) -> int:
    from electoral.models import Milestone

    # Due within the next seven days, not already overdue (those have their own counter).
    now = timezone.now()
    return (
        Milestone.objects.visible_to(user)
        .filter(status__in=Milestone.OPEN_STATUSES, deadline__gte=now, deadline__lte=now + timedelta(days=7))
        .count()
    )


def _milestones_overdue(user) -> int:
    from electoral.models import Milestone

    return (
        Milestone.objects.visible_to(user)
        .filter(status__in=Milestone.OPEN_STATUSES, deadline__lt=timezone.now())
        .count()
    )


def _member_panel_context(member, user) -> dict:
    from electoral.models import Candidate, PollWatcher

    duties = list(
        PollWatcher.objects.visible_to(user)
        .filter(member=member)
        .select_related("election")
        .order_by("-election__date")[:20]
    )
    candidacies = list(
        Candidate.objects.visible_to(user)
        .filter(member=member)
        .select_related("election", "endorsement")
        .order_by("-election__date")[:20]
    )
    return {"duties": duties, "candidacies": candidacies}


def register_items() -> None:
    section = _("Electoral")
    register_nav(NavItem(_("Elections"), "electoral:election-list", "bi-check2-square", READERS, section, 60))
    register_nav(NavItem(_("Legal calendar"), "electoral:milestone-all", "bi-calendar-event", READERS, section, 61))
    register_nav(NavItem(_("Electoral geography"), "electoral:unit-list", "bi-diagram-3", READERS, section, 62))
    register_widget(
        Widget(
            _("Milestones due in 7 days"),
            READERS,
            _milestones_due,
            "electoral:milestone-all",
            "bi-calendar-event",
            60,
            "warning",
        )
    )
    register_widget(
        Widget(
            _("Overdue milestones"),
            READERS,
            _milestones_overdue,
            "electoral:milestone-all",
            "bi-exclamation-triangle",
            61,
            "danger",
        )
    )
    register_member_panel(
        MemberPanel(
            key="electoral",
            title=_("Poll-watcher duty and candidacies"),
            template="electoral/member_panel.html",
            roles=READERS,
            get_context=_member_panel_context,
            order=40,
        )
    )
