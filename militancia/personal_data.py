"""The personal-data registry: every place a member's personal data lives, for the report and the suppression.

Each app that stores a person's data registers it in its AppConfig.ready(), so militancia
(the lower app) reaches it without importing the app:

    register_personal_data(PersonalData(
        model=PollWatcher,
        fields=("id_number", "first_names", "last_names", "phone", "email", ...),
        rows=lambda subject: PollWatcher.objects.filter(Q(member_id=subject.pk) | Q(...)),
        erase={"first_names": ANONYMOUS_FIRST, "id_number": anonymous_number, ...},
    ))

- `fields` are the columns holding personal data. The data-subject report shows them; the
  suppression replaces each with its `erase` value (a constant, a query expression, or a
  callable taking the `Subject`); file fields are deleted from storage (on commit) and
  blanked. Every personal field must be erased: registration refuses one that is not.
  `delete_rows=True` deletes the rows instead (rows that only point at a file).
- `rows(subject)` finds the subject's rows: by member FK, or by document for copies made
  before the person was a member. It is called before anything is erased, while `subject`
  still carries the original document.
- Registering a model also tells the audit log (`core.audit.register_personal_audit`) that
  its events are about a person: their values go to the erasable side table, and the
  suppression erases the values of the events of every row found here.

`militancia/tests/test_personal_data_registry.py` fails when a model with personal-looking
fields is neither registered nor explained in its allow-list.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import Q
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.audit import audit_erase_subjects, register_personal_audit
from militancia.identity import CONSENT_AND_BIOMETRIC_FIELDS, PERSON_VALUES


@dataclass(frozen=True)
class Subject:
    """The person whose data is reported or erased, as they were before any erasure."""

    pk: int
    id_type: str
    id_number: str

    @classmethod
    def of(cls, member) -> Subject:
        return cls(pk=member.pk, id_type=member.id_type, id_number=member.id_number)


def anonymous_number(subject: Subject) -> str:
    """The document number a suppressed record keeps: unique and meaningless."""
    return f"ANON{subject.pk}"


# Two words shown as "first last"; the context lets Spanish swap them ("Registro anonimizado").
ANONYMOUS_FIRST = pgettext_lazy("anonymized member name, first word", "Anonymized")
ANONYMOUS_LAST = pgettext_lazy("anonymized member name, second word", "record")


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    fields: tuple[str, ...]
    rows: Callable[[Subject], models.QuerySet]
    erase: dict[str, Any] = field(default_factory=dict)
    # Also personal in this model's audit events (e.g. member fields a roster conflict copies).
    audit_fields: tuple[str, ...] = ()
    # Shown in the data-subject report (the member record has its own detailed section).
    in_report: bool = True
    # One line naming the row in the report ("Request ATN-2026-00012 of 03/11/2026"); dates via `as_text`.
    describe: Callable[[Any], str] | None = None
    # Delete the rows instead of blanking them: for rows that only point at a file (an attachment),
    # which would otherwise stay listed with a link to nothing.
    delete_rows: bool = False
    # Report labels for fields without a verbose name of their own.
    labels: dict[str, str] = field(default_factory=dict)

    def label_of(self, name: str) -> str:
        return str(self.labels.get(name) or self.model._meta.get_field(name).verbose_name)

    @property
    def label(self) -> str:
        return self.model._meta.label

    def file_fields(self) -> list[str]:
        return [name for name in self.fields if isinstance(self.model._meta.get_field(name), models.FileField)]


_registry: dict[str, PersonalData] = {}


def register_personal_data(entry: PersonalData) -> None:
    missing = set(entry.fields) - set(entry.erase) - set(entry.file_fields())
    if missing and not entry.delete_rows:
        raise ImproperlyConfigured(f"{entry.label}: personal fields without an erase value: {sorted(missing)}")
    for name in (*entry.fields, *entry.erase):
        entry.model._meta.get_field(name)  # a typo fails at start-up, not during a suppression
    _registry[entry.label] = entry
    register_personal_audit(entry.model, (*entry.fields, *entry.audit_fields))


def registered() -> list[PersonalData]:
    return list(_registry.values())


def as_text(value) -> str:
    """A value as people read it: dd/mm/aaaa dates, local (America/Bogota) times, never ISO or UTC."""
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%d/%m/%Y %H:%M")
        )
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dict):
        return "; ".join(f"{key}: {as_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(as_text(item) for item in value)
    return str(value)


def _display(row, name: str) -> str:
    model_field = row._meta.get_field(name)
    value = getattr(row, name)
    if isinstance(model_field, models.FileField):
        return as_text(bool(value))
    display = getattr(row, f"get_{name}_display", None)
    return as_text(display() if display and value not in (None, "") else value)


def personal_data_report(member) -> list[tuple[PersonalData, list[tuple[str, str]]]]:
    """For each registered model: one (description, "field: value · …") line per row of the subject."""
    subject = Subject.of(member)
    report = []
    for entry in registered():
        if not entry.in_report:
            continue
        lines = []
        for row in entry.rows(subject)[:500]:
            name = entry.describe(row) if entry.describe else f"{entry.model._meta.verbose_name} #{row.pk}"
            values = " · ".join(f"{entry.label_of(f)}: {_display(row, f)}" for f in entry.fields)
            lines.append((name, values or "—"))
        if lines:  # the report lists what is held, not every place where nothing is
            report.append((entry, lines))
    return report


def personal_data_erase(member) -> dict[str, int]:
    """Erase the member's data in every registered model and in the audit log's side table.

    Called inside the suppression's transaction. Rows are found first, while the member still
    has their document, then erased; files go from storage once the transaction commits.
    """
    subject = Subject.of(member)
    found = {entry.label: list(entry.rows(subject).values_list("pk", flat=True)) for entry in registered()}
    files: list = []
    subjects: list[str] = []
    counts = {}
    for entry in registered():
        pks = found[entry.label]
        counts[entry.label] = len(pks)
        if not pks:
            continue
        label = entry.model._meta.label_lower
        subjects.extend(f"{label}:{pk}" for pk in pks)
        queryset = entry.model._base_manager.filter(pk__in=pks)
        file_fields = entry.file_fields()
        if file_fields:
            for row in queryset.only(*file_fields):
                files.extend(stored for stored in (getattr(row, name) for name in file_fields) if stored)
        if entry.delete_rows:
            queryset.delete()
            continue
        values = dict.fromkeys(file_fields, "")
        for name, value in entry.erase.items():
            if callable(value) and not isinstance(value, Combinable):
                value = value(subject)
            values[name] = value
        if values:
            queryset.update(**values)
    counts["audit"] = audit_erase_subjects(subjects)
    transaction.on_commit(lambda: delete_files_and_copies(files))
    return counts


def delete_files_and_copies(files: Iterable) -> None:
    """Delete stored files (FieldFiles) from their storage, with the copies other apps derived from
    them (`register_derived_files`). Callers run it once their transaction commits."""
    files = [stored for stored in files if stored and stored.name]
    derived = _derived_paths(files)  # first: a finder may need the source file to name its copies
    for stored in files:
        stored.storage.delete(stored.name)
    for path in derived:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


# Files other apps derive from a stored file (carnets' card-sized photo): each finder takes
# the stored file and returns the paths made from it, which go with it (a suppression, a
# replaced photo). `orphans(older_than)` lists the copies whose source is gone, for the sweep of
# orphaned member files (`manage.py sweep_member_files`).
_DERIVED_FILE_FINDERS: list[Callable[[Any], list[str]]] = []
_DERIVED_ORPHAN_FINDERS: list[Callable[[datetime], list[str]]] = []


def register_derived_files(
    finder: Callable[[Any], list[str]], *, orphans: Callable[[datetime], list[str]] | None = None
) -> None:
    if finder not in _DERIVED_FILE_FINDERS:
        _DERIVED_FILE_FINDERS.append(finder)
    if orphans is not None and orphans not in _DERIVED_ORPHAN_FINDERS:
        _DERIVED_ORPHAN_FINDERS.append(orphans)


def _derived_paths(files: list) -> list[str]:
    return [path for stored in files for finder in _DERIVED_FILE_FINDERS for path in finder(stored)]


def derived_orphans(*, older_than: datetime) -> list[str]:
    """Paths of derived copies whose source file no member points at any more, last changed before
    `older_than` (a copy made for a photo whose row is not committed yet is younger)."""
    return [path for orphans in _DERIVED_ORPHAN_FINDERS for path in orphans(older_than)]


# Shared by the apps' entries.
SUPPRESSED = _("(personal data suppressed)")

MEMBER_FIELDS = (
    *PERSON_VALUES,
    *CONSENT_AND_BIOMETRIC_FIELDS,
)


def member_and_merged(subject):
    """The member and the records merged into it: the same person."""
    return Q(member_id=subject.pk) | Q(member__merged_into_id=subject.pk)
