"""Everything the party holds about one member, as plain data for the data-subject report."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core.models import AuditEvent
from militancia.models import AttentionRequest, Member
from militancia.models.offices import OfficeTerm, TrainingAttendance


def _text(value) -> str:
    if value in (None, ""):
        return "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def member_data_report(*, member: Member) -> dict:
    """Sections of (label, value) rows: the record, history, requests, offices, training, accesses."""
    fields = [
        "id_type",
        "id_number",
        "first_names",
        "last_names",
        "birth_date",
        "sex",
        "phone",
        "email",
        "address",
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
        record.append((str(field.verbose_name), _text(value)))
    for name in ("photo", "signature", "fingerprint", "consent_file"):
        record.append((str(Member._meta.get_field(name).verbose_name), "Sí" if getattr(member, name) else "No"))
    history = [
        (_text(change.effective_date), f"{change.from_status or '—'} → {change.to_status}: {change.reason}")
        for change in member.status_changes.all().order_by("effective_date", "id")
    ]
    requests = [
        (
            f"{r.tracking_number} ({_text(r.received_on)})",
            f"{r.get_kind_display()} · {r.get_status_display()} · {r.subject}",
        )
        for r in AttentionRequest.objects.filter(member=member).order_by("received_on")
    ]
    offices = [
        (f"{_text(t.starts_on)} – {_text(t.ends_on)}", f"{t.office.get_title_display()} · {t.office.body.name}")
        for t in OfficeTerm.objects.filter(member=member).select_related("office__body")
    ]
    training = [
        (_text(a.event.held_on), f"{a.event.title} ({a.event.get_kind_display()})")
        for a in TrainingAttendance.objects.filter(member=member).select_related("event")
    ]
    content_type = ContentType.objects.get_for_model(Member)
    accesses = [
        (
            timezone.localtime(e.created_at).strftime("%d/%m/%Y %H:%M"),
            f"{e.get_action_display()} · {e.actor_username or '—'} · {', '.join(sorted(e.changes)) if e.changes else e.message}",
        )
        for e in AuditEvent.objects.filter(content_type=content_type, object_id=str(member.pk)).order_by("created_at")[
            :500
        ]
    ]
    return {
        "name": member.full_name,
        "document": f"{member.id_type} {member.id_number}",
        "generated": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        "sections": [
            ("record", record),
            ("history", history),
            ("requests", requests),
            ("offices", offices),
            ("training", training),
            ("events", accesses),
        ],
    }
