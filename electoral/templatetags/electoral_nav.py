"""`{% election_tabs election tab as tabs %}`: the sections of an election page, each knowing
whether it is the open one, so the tabs never compare the section's name in the template."""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from electoral.roles import OPERATORS

register = template.Library()

# (section, route, label, for operators only)
SECTIONS = (
    ("detail", "electoral:election-detail", _("Summary"), False),
    ("calendar", "electoral:milestone-calendar", pgettext_lazy("electoral calendar", "Calendar"), False),
    ("candidates", "electoral:candidate-list", _("Candidates"), False),
    ("watchers", "electoral:watcher-list", _("Poll watchers"), False),
    ("training", "electoral:training-list", pgettext_lazy("poll watcher training", "Training"), False),
    ("coverage", "electoral:coverage", _("Coverage"), False),
    ("checkin", "electoral:checkin", _("Election day"), True),
    ("incidents", "electoral:incident-list", _("Incidents"), False),
    ("results", "electoral:results", _("Results"), False),
    ("analysis", "electoral:analysis", _("Analysis"), False),
    ("polls", "electoral:poll-list", _("Polls"), False),
    ("board", "electoral:board", _("Where to work"), False),
)


@dataclass(frozen=True)
class Tab:
    url: str
    label: str
    active: bool


@register.simple_tag(takes_context=True)
def election_tabs(context, election, current: str = "") -> list[Tab]:
    """The tabs the signed-in user may open (election day only for operators), `current` marked."""
    user = context["request"].user
    operates = user.is_authenticated and user.has_role(*OPERATORS)
    return [
        Tab(url=reverse(route, args=[election.pk]), label=label, active=section == current)
        for section, route, label, operators_only in SECTIONS
        if operates or not operators_only
    ]
