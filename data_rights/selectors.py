"""Everything the party holds about one member, as plain data for the data-subject report."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from core.audit import describe_changes
from core.models import AuditEvent
from militancia.identity import PERSON_FIELDS
from militancia.models import Member, MemberAccess
from militancia.personal_data import as_text, personal_data_report

READ_ACTIONS = (AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT, AuditEvent.Action.DOWNLOAD)
MAX_ACCESSES = 1000


def member_accesses(*, member: Member) -> list[tuple[str, str]]:
    """Who read the member's data and when (Ley 1581 de 2012, art. 8): their record opened, their
    files and certificates downloaded, and every page of results and export that showed them."""
    content_type = ContentType.objects.get_for_model(Member)
    reads = AuditEvent.objects.filter(
        Q(content_type=content_type, object_id=str(member.pk), action__in=READ_ACTIONS)
        | Q(pk__in=MemberAccess.objects.filter(member=member).values("event_id"))
    ).order_by("created_at", "id")[:MAX_ACCESSES]
    return [
        (
            as_text(event.created_at),
            f"{event.actor_username or '—'} · {event.get_action_display()} · {event.shown_message}",
        )
        for event in reads.prefetch_related("personal_values")
    ]


def member_data_report(*, member: Member) -> dict:
    """Sections of (label, value) rows: the record, its status history, every registered copy, the
    changes made to it, and who accessed it.

    Dates read dd/mm/aaaa and times are local (America/Bogota), never ISO or UTC (`as_text`).
    """
    fields = [
        *PERSON_FIELDS,
        "territory",
        "status",
        "joined_on",
        "source",
        "consent_date",
        "consent_channel",
        "consent_evidence",
        "has_card",
        "has_open_claim",
        "created_at",
        "updated_at",
    ]
    record = []
    for name in fields:
        field = Member._meta.get_field(name)
        display = getattr(member, f"get_{name}_display", None)
        value = display() if display and getattr(member, name) else getattr(member, name)
        if isinstance(value, bool):
            value = "Sí" if value else "No"
        record.append((str(field.verbose_name), as_text(value)))
    for name in ("photo", "signature", "fingerprint", "consent_file"):
        record.append((str(Member._meta.get_field(name).verbose_name), as_text(bool(getattr(member, name)))))
    history = [
        (
            as_text(change.effective_date),
            f"{change.from_label or '—'} → {change.to_label}: {change.note}",
        )
        for change in member.status_changes.all().order_by("effective_date", "id")
    ]
    # Every other place that holds the member's data, as the apps registered it.
    registered = [
        (str(entry.model._meta.verbose_name_plural).capitalize(), lines)
        for entry, lines in personal_data_report(member)
    ]
    content_type = ContentType.objects.get_for_model(Member)
    events = (
        AuditEvent.objects.filter(content_type=content_type, object_id=str(member.pk))
        .exclude(action__in=READ_ACTIONS)
        .prefetch_related("personal_values")
        .order_by("created_at")[:500]
    )
    changes = [
        (
            as_text(e.created_at),
            f"{e.get_action_display()} · {e.actor_username or '—'} · "
            + (
                ", ".join(str(line) for line in describe_changes(Member, e.shown_changes))
                if e.changes
                else e.shown_message
            ),
        )
        for e in events
    ]
    return {
        "name": member.full_name,
        "document": f"{member.id_type} {member.id_number}",
        "generated": as_text(timezone.now()),
        "sections": [
            ("record", record),
            ("history", history),
            *registered,
            ("events", changes),
            ("accesses", member_accesses(member=member)),
        ],
    }
