"""The audit log's one write path."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

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


# Keys that bulk operations store as counts (not as [before, after] pairs).
SUMMARY_LABELS = {
    "created": pgettext_lazy("count of records", "created"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
    "skipped": _("skipped"),
    "conflicts": _("conflicts"),
    "restored": _("restored"),
    "deleted": _("deleted"),
    "rows": _("rows"),
    "errors": _("errors"),
}


@dataclass(frozen=True)
class ChangeLine:
    """One line of an event's changes, ready to show: a transition (before → after) or a value."""

    label: str
    before: str = ""
    after: str = ""
    value: str = ""
    is_transition: bool = True


def describe_changes(model: type[models.Model] | None, changes: dict | None) -> list[ChangeLine]:
    """Readable lines for an event's `changes`, generically for any model.

    Field names become their verbose names and stored choice codes their labels (resolved through
    the model's field, so "renuncio" reads "Renunció"); entries that are not [before, after] pairs
    (an import's counts) are shown as values, never as empty arrows.
    """
    # Model fields first, in their declared order; then counts in SUMMARY_LABELS' order (jsonb keeps
    # neither: it sorts keys by length).
    order = {field.name: index for index, field in enumerate(model._meta.fields)} if model else {}
    order.update({key: len(order) + index for index, key in enumerate(SUMMARY_LABELS) if key not in order})
    lines = []
    for name, values in sorted((changes or {}).items(), key=lambda item: order.get(item[0], len(order))):
        field = _model_field(model, name)
        fallback = SUMMARY_LABELS.get(name, name.replace("_", " "))
        label = str(field.verbose_name if field is not None else fallback)
        label = label[:1].upper() + label[1:]
        if isinstance(values, list | tuple) and len(values) == 2:
            before, after = (_display(field, v) for v in values)
            lines.append(ChangeLine(label=label, before=before, after=after))
        else:
            lines.append(ChangeLine(label=label, value=_display(field, values), is_transition=False))
    return lines


def _model_field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if hasattr(field, "verbose_name") else None  # reverse relations have no label


def _display(field, value) -> str:
    if value in (None, ""):
        return "∅"
    if field is not None and getattr(field, "choices", None):
        choices = {str(code): str(text) for code, text in field.flatchoices}
        return choices.get(str(value), str(value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int | float):
        return number_format(value, force_grouping=True)
    if isinstance(value, list | tuple):
        return ", ".join(_display(None, v) for v in value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return _display_date(value)
    return str(value)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+([+-]\d{2}:\d{2}|Z)?)?$")


def _display_date(value: str) -> str:
    """Stored ISO dates and times read as dd/mm/aaaa (hh:mm in local time) on screen."""
    try:
        if len(value) == 10:
            return date_format(date.fromisoformat(value), "d/m/Y")
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "d/m/Y H:i")
