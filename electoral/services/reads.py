"""Reads of poll watchers' personal data are audited, like reads of members' (CONTRIBUTING).

A watcher who is a member is recorded as a `militancia.MemberAccess` of the event, so the
member's data report ("who accessed the data, and when") lists the read. A watcher who is not
a member is named by id in the event (its object, or the ids a page showed), never by value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from core.models import AuditEvent
from militancia.models import Member
from militancia.services import members_read

if TYPE_CHECKING:
    from core.models import User
    from electoral.models import PollWatcher


def watcher_record_read(*, watcher: PollWatcher, actor: User) -> AuditEvent | None:
    """Someone opened one watcher's page: an event about the watcher (and their member's access row)."""
    return members_read(
        members=[watcher.member] if watcher.member_id else [],
        actor=actor,
        what=_("Poll watcher record opened"),
        obj=watcher,
    )


def watchers_read(
    *,
    watchers: Sequence[PollWatcher],
    actor: User,
    what: str,
    action: str = AuditEvent.Action.VIEW,
) -> AuditEvent | None:
    """A page or a PDF that showed several watchers: one event with their ids and one access row
    per watcher who is a member (two or three queries whatever the page's size).

    `what` is a fixed text."""
    if not watchers:
        return None
    return members_read(
        # Only the member's id is recorded: no need to have loaded the member.
        members=[Member(pk=watcher.member_id) for watcher in watchers if watcher.member_id],
        actor=actor,
        what=what,
        action=action,
        changes={"watchers": [watcher.pk for watcher in watchers]},
    )
