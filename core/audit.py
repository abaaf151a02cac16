"""The audit log's one write path, and how personal values in it stay erasable.

The log is append-only: the database refuses UPDATE and DELETE on `core_auditevent`
(trigger in migration 0002), and a later change hash-chains the events. Yet a lawful
suppression (Ley 1581 de 2012) must erase a person's data everywhere, the history included.
So an audit event never stores a personal value inline:

- Apps declare which of their models hold a person's data and which columns are personal
  (`register_personal_audit`, called by `militancia.personal_data.register_personal_data`).
- When an event is about a row of such a model (`obj`), `audit_record` keeps in the event
  the field names and `PERSONAL_MARKER` and writes the values into `AuditPersonalValue`
  (one row per field, plus the object's repr and the free-text message), keyed by the data
  subject "<app_label>.<model>:<pk>" of that row.
- Suppression deletes the subject's `AuditPersonalValue` rows (`audit_erase_subjects`).
  The event is untouched: who did what, when, to which object and which fields stays.
- Every reader shows `event.shown_changes`, `shown_object_repr` and `shown_message`,
  which resolve the markers, or say "dato suprimido" once the values are gone.

The event's own content is deterministic (markers, field names, ids), so it can be
hash-chained; the side table is deliberately outside the chain.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.context import current_ip, current_source
from core.models import PERSONAL_MARKER, AuditEvent, AuditPersonalValue

# "<app_label>.<model_name>" -> personal field names. Filled in AppConfig.ready().
_personal_fields: dict[str, frozenset[str]] = {}


def register_personal_audit(model: type[models.Model], fields: Iterable[str]) -> None:
    """Events about rows of `model` are about a person: their repr, message and these fields are personal."""
    label = model._meta.label_lower
    _personal_fields[label] = _personal_fields.get(label, frozenset()) | frozenset(fields)


def personal_audit_models() -> dict[str, frozenset[str]]:
    return dict(_personal_fields)


def subject_key(obj: models.Model) -> str:
    """The data-subject key of one row: "militancia.member:12"."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    changes: dict | None = None,
    source: str | None = None,
    source_ref: str = "",
    message: str = "",
    actor_username: str = "",
    message_is_personal: bool = True,
) -> AuditEvent:
    """Append one event. IP and source come from the current request when there is one.

    If `obj` holds a person's data, its repr, the message (unless `message_is_personal` is
    False: a fixed text with no personal data) and its personal fields in `changes` go to
    `AuditPersonalValue`, and the event keeps `PERSONAL_MARKER` in their place.
    """
    is_user = actor is not None and getattr(actor, "pk", None) is not None
    changes = _jsonable(changes or {})
    object_repr = str(obj)[:255] if obj is not None else ""
    message = message[:500]
    personal = []
    fields = _personal_fields.get(obj._meta.label_lower) if obj is not None else None
    if fields is not None:
        subject = subject_key(obj)
        if object_repr:
            personal.append(AuditPersonalValue(subject=subject, field=AuditPersonalValue.OBJECT, new=object_repr))
            object_repr = PERSONAL_MARKER
        if message and message_is_personal:
            personal.append(AuditPersonalValue(subject=subject, field=AuditPersonalValue.MESSAGE, new=message))
            message = PERSONAL_MARKER
        for name, values in changes.items():
            if name in fields and isinstance(values, list) and len(values) == 2:
                if all(value in (None, "") for value in values):
                    continue
                personal.append(AuditPersonalValue(subject=subject, field=name, old=values[0], new=values[1]))
                changes[name] = [PERSONAL_MARKER if value not in (None, "") else value for value in values]
    event = AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_username=actor_username or (actor.get_username() if is_user else ""),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=object_repr,
        changes=changes,
        source=source or current_source.get() or AuditEvent.Source.MANUAL,
        source_ref=str(source_ref)[:64],
        ip_address=current_ip.get(),
        message=message,
    )
    for value in personal:
        value.event = event
    AuditPersonalValue.objects.bulk_create(personal)
    return event


def audit_erase_subjects(subjects: Iterable[str]) -> int:
    """Erase the personal values the audit log holds for these data subjects; the events stay."""
    subjects = list(set(subjects))
    if not subjects:
        return 0
    deleted, _ = AuditPersonalValue.objects.filter(subject__in=subjects).delete()
    return deleted


def field_changes(before: dict, after: dict, fields: Iterable[str] | None = None) -> dict:
    """{"field": [old, new]} for the fields whose value differs."""
    keys = fields if fields is not None else after.keys()
    return {key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)}


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "url"):  # file fields
        return value.name or ""
    return value
