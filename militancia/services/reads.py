"""Reads of members' personal data are audited: who saw which members, from where and when.

One event per read (opening a record, a page of results, an export), with the actor and the
client IP (`core.audit.audit_record`); a read that showed many members also writes one
`MemberAccess` row per member, so a member's data report lists every read that showed them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from core.audit import audit_event_build, audit_insert_sql, audit_record
from core.models import AuditEvent, AuditPersonalValue
from militancia.models import Member, MemberAccess

if TYPE_CHECKING:
    from core.models import User


def member_record_read(*, member: Member, actor: User, what: str = "") -> AuditEvent:
    """Someone opened one member's record (the page, the API detail): an event about that member."""
    return audit_record(
        actor=actor,
        action=AuditEvent.Action.VIEW,
        obj=member,
        message=what or _("Member record opened"),
        message_is_personal=False,  # a fixed text: it stays readable after a suppression
    )


def members_read(
    *,
    members: Sequence[Member] | QuerySet[Member],
    actor: User,
    what: str,
    action: str = AuditEvent.Action.VIEW,
    obj: Model | None = None,
    changes: dict | None = None,
) -> AuditEvent | None:
    """A read that showed several members: one event, and one access row per member shown.

    `members`: the rows shown (a page), or a queryset (an export: the database selects the ids,
    so even a million rows are recorded without reaching Python).
    `what`: a fixed text saying what was read (never a personal value nor what was searched).
    `action`: VIEW for what was shown on screen, EXPORT for a file, DOWNLOAD for a PDF.
    `obj`, `changes`: what else the read was about, when a page of another app showed members
    among other people (a poll watcher's page, the ids of the watchers a list showed): ids only.
    A read that showed nobody is not recorded.

    The event and its access rows are written by one statement (a CTE): every list page pays one
    round trip for its audit, not BEGIN, two INSERTs and COMMIT, and both land or neither does.
    """
    if not isinstance(members, QuerySet) and not members and obj is None and not changes:
        return None
    event, personal = audit_event_build(
        actor=actor, action=action, obj=obj, changes=changes, message=what, message_is_personal=False
    )
    if personal:  # an event about a person's row keeps their values aside (core.audit): the long way
        return _members_read_with_personal_values(event, personal, members)
    if isinstance(members, QuerySet):
        shown_sql, shown_params = members.order_by().values_list("pk").query.sql_with_params()
    else:
        shown_sql, shown_params = "SELECT unnest(%s::bigint[])", [[member.pk for member in members]]
    event_sql, event_params = audit_insert_sql(event)
    table = connection.ops.quote_name(MemberAccess._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            # Data-modifying CTEs run even when nothing reads them; the statement answers the event's id.
            f"WITH event AS ({event_sql}), "  # noqa: S608 (SQL from the ORM's compilers)
            f"accesses AS (INSERT INTO {table} (event_id, member_id) "
            f"SELECT event.id, shown.* FROM event, ({shown_sql}) AS shown) "
            "SELECT id FROM event",
            [*event_params, *shown_params],
        )
        event.pk = cursor.fetchone()[0]
    event._state.adding = False
    event._state.db = connection.alias
    return event


@transaction.atomic
def _members_read_with_personal_values(
    event: AuditEvent, personal: list, members: Sequence[Member] | QuerySet[Member]
) -> AuditEvent:
    event.save()
    for value in personal:
        value.event = event
    AuditPersonalValue.objects.bulk_create(personal)
    if isinstance(members, QuerySet):
        _record_selection(event, members)
    else:
        MemberAccess.objects.bulk_create([MemberAccess(event=event, member_id=member.pk) for member in members])
    return event


def _record_selection(event: AuditEvent, members: QuerySet[Member]) -> None:
    sql, params = members.order_by().values_list("pk").query.sql_with_params()
    table = connection.ops.quote_name(MemberAccess._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            # The subquery selects one column, the member's id.
            f"INSERT INTO {table} (event_id, member_id) SELECT %s, shown.* FROM ({sql}) AS shown",  # noqa: S608 (names from the ORM)
            [event.pk, *params],
        )
