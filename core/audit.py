"""The audit log's one write path."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.context import current_ip, current_source
from core.models import AuditEvent


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
) -> AuditEvent:
    """Append one event. IP and source come from the current request when there is one."""
    is_user = actor is not None and getattr(actor, "pk", None) is not None
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_username=actor_username or (actor.get_username() if is_user else ""),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        changes=_jsonable(changes or {}),
        source=source or current_source.get() or AuditEvent.Source.MANUAL,
        source_ref=str(source_ref)[:64],
        ip_address=current_ip.get(),
        message=message[:500],
    )


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
