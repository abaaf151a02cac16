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

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router
from django.db.models.sql import InsertQuery
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, pgettext_lazy

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
    event, personal = audit_event_build(
        actor=actor,
        action=action,
        obj=obj,
        changes=changes,
        source=source,
        source_ref=source_ref,
        message=message,
        actor_username=actor_username,
        message_is_personal=message_is_personal,
    )
    event.save()
    for value in personal:
        value.event = event
    AuditPersonalValue.objects.bulk_create(personal)
    return event


def audit_event_build(
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
) -> tuple[AuditEvent, list[AuditPersonalValue]]:
    """The unsaved event `audit_record` would write, and its personal values (see there).

    For writers that insert the event inside a larger statement (`audit_insert_sql`).
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
    event = AuditEvent(
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
    return event, personal


def audit_insert_sql(event: AuditEvent) -> tuple[str, list]:
    """`INSERT INTO core_auditevent … RETURNING id` for an unsaved event, as SQL and parameters.

    A caller can put it in a CTE and write what depends on the event in the same statement: one
    round trip and no transaction, where `save()` and a second INSERT need four (BEGIN, two
    INSERTs, COMMIT). The event stays append-only: this is an INSERT like `save()`'s.
    """
    if not event._state.adding:
        raise ValueError("audit_insert_sql takes an unsaved event")
    fields = [field for field in AuditEvent._meta.concrete_fields if not field.primary_key]
    query = InsertQuery(AuditEvent)
    query.insert_values(fields, [event])
    compiler = query.get_compiler(using=router.db_for_write(AuditEvent))
    compiler.returning_fields = [AuditEvent._meta.pk]
    [(sql, params)] = compiler.as_sql()
    return sql, list(params)


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


# Keys that bulk operations store as counts (not as [before, after] pairs).
SUMMARY_LABELS = {
    "created": pgettext_lazy("count of records", "created"),
    "updated": pgettext_lazy("count of records", "updated"),
    "unchanged": pgettext_lazy("count of records", "unchanged"),
    "skipped": pgettext_lazy("count of records", "skipped"),
    "conflicts": pgettext_lazy("count of records", "conflicts"),
    "restored": pgettext_lazy("count of records", "restored"),
    "deleted": pgettext_lazy("count of records", "deleted"),
    "rows": pgettext_lazy("count of records", "rows"),
    "errors": pgettext_lazy("count of records", "errors"),
}


@dataclass(frozen=True)
class ChangeLine:
    """One line of an event's changes, ready to show: a transition (before → after) or a value."""

    label: str
    before: str = ""
    after: str = ""
    value: str = ""
    is_transition: bool = True

    def __str__(self) -> str:
        if self.is_transition:
            return f"{self.label}: {self.before} → {self.after}"
        return f"{self.label}: {self.value}"


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
    if isinstance(field, models.FileField):
        # The stored name is the storage's path ("members/signatures/2026/12/firma.png"), not
        # something to show people: they open the file from the record itself.
        return gettext("file on record")
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
