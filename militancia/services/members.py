"""Writes to the member registry: register, update, change status. Every change is audited."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record, field_changes
from core.models import AuditEvent, Territory
from core.permissions import ensure_reach, ensure_role
from core.text import clean_text, looks_like_formula
from core.workflow import move
from militancia.files import member_file_replaced
from militancia.identity import (
    PERSON_FIELDS,
    IdType,
    InvalidIdNumber,
    clean_person_name,
    normalize_id_number,
    normalize_phone,
)
from militancia.models import Member, MemberStatusChange
from militancia.models.member import MEMBER_WORKFLOW
from militancia.roles import MEMBER_EDITORS, STATUS_EDITORS
from militancia.services.conflicts import national_review_message, registration_refuse_if_hidden

if TYPE_CHECKING:
    from django.core.files import File

    from core.models import User

# Fields a person may type or correct; the rest (status, provenance, card flags) have their own paths.
EDITABLE_FIELDS = (
    *PERSON_FIELDS,
    "territory",
    "joined_on",
    "consent_date",
    "consent_channel",
    "consent_evidence",
    "consent_file",
    "photo",
)
_FILE_FIELDS = {"consent_file", "photo"}

# Which status may follow which (for the status form): the table of `MEMBER_WORKFLOW`.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    status: {t.target for t in MEMBER_WORKFLOW.transitions if status in t.sources} for status in Member.Status.values
}

_AUDIT_SOURCE = {
    Member.Source.MANUAL: AuditEvent.Source.MANUAL,
    Member.Source.ROSTER: AuditEvent.Source.ROSTER,
    Member.Source.JORNADA: AuditEvent.Source.JORNADA,
    Member.Source.API: AuditEvent.Source.API,
}


def _lower_first(message) -> str:
    text = str(message)
    return text[:1].lower() + text[1:]


def clean_member_values(*, values: dict, actor: User, instance: Member | None = None) -> dict:
    """Normalize what was typed and check the rules a form, the API and a service share.

    Returns the cleaned values; raises one ValidationError naming every bad field (in Spanish).
    """
    errors: dict[str, list[str]] = {}
    cleaned = dict(values)
    id_type = cleaned.get("id_type", instance.id_type if instance else IdType.CC) or IdType.CC
    cleaned["id_type"] = id_type
    if id_type not in IdType.values:
        errors.setdefault("id_type", []).append(_("Document type: choose a valid option."))
    if "id_number" in cleaned:
        try:
            cleaned["id_number"] = normalize_id_number(id_type, cleaned["id_number"])
        except InvalidIdNumber as exc:
            errors.setdefault("id_number", []).append(_("Document number: %(error)s") % {"error": _lower_first(exc)})
    for name, label in (("first_names", _("First names")), ("last_names", _("Last names"))):
        if name in cleaned:
            cleaned[name] = clean_person_name(cleaned[name])
            if not cleaned[name]:
                errors.setdefault(name, []).append(_("%(field)s: this field is required.") % {"field": label})
            elif looks_like_formula(cleaned[name]):
                errors.setdefault(name, []).append(
                    _("%(field)s: it cannot start with =, +, - or @ (it looks like a spreadsheet formula).")
                    % {"field": label}
                )
            elif any(ch.isdigit() for ch in cleaned[name]):
                errors.setdefault(name, []).append(_("%(field)s: a name cannot contain digits.") % {"field": label})
    if "phone" in cleaned:
        try:
            cleaned["phone"] = normalize_phone(cleaned["phone"])
        except ValueError as exc:
            errors.setdefault("phone", []).append(_("Phone: %(error)s") % {"error": _lower_first(exc)})
    if "email" in cleaned:
        cleaned["email"] = (cleaned["email"] or "").strip().lower()
    for name in ("address", "consent_evidence"):
        if name in cleaned:
            cleaned[name] = " ".join(clean_text(cleaned[name]).split())
    if looks_like_formula(cleaned.get("address")):
        errors.setdefault("address", []).append(
            _("Address: it cannot start with =, +, - or @ (it looks like a spreadsheet formula).")
        )
    today = timezone.localdate()
    birth_date = cleaned.get("birth_date")
    if birth_date and (birth_date > today or birth_date < date(1900, 1, 1)):
        errors.setdefault("birth_date", []).append(_("Birth date: the date is not plausible."))
    if cleaned.get("joined_on") and cleaned["joined_on"] > today:
        errors.setdefault("joined_on", []).append(_("Joined on: the date cannot be in the future."))
    if cleaned.get("consent_date") and cleaned["consent_date"] > today:
        errors.setdefault("consent_date", []).append(
            _("Data-processing authorization date: the date cannot be in the future.")
        )
    if "territory" in cleaned:
        territory = cleaned["territory"]
        if territory is None:
            errors.setdefault("territory", []).append(_("Territory: this field is required."))
        elif territory.kind not in (Territory.Kind.MUNICIPALITY, Territory.Kind.LOCALITY):
            errors.setdefault("territory", []).append(_("Territory: choose a municipality or a locality."))
        elif not actor.can_reach(territory):
            errors.setdefault("territory", []).append(_("Territory: it is outside your territorial scope."))
    number = cleaned.get("id_number", instance.id_number if instance else None)
    if number and "id_number" not in errors:
        clash = Member.objects.filter(id_type=id_type, id_number=number)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        holder = clash.select_related("territory").first()
        if holder is not None and not actor.can_reach(holder.territory):
            # Saying "already registered" would tell an outsider who is a member elsewhere.
            errors.setdefault("id_number", []).append(national_review_message())
        elif holder is not None:
            errors.setdefault("id_number", []).append(
                _("Document number: a member with this document is already registered.")
            )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _full_clean(member: Member) -> None:
    # Our own checks ran first with clearer messages; this catches lengths and choices.
    member.full_clean(exclude=["search_name", "created_by", "updated_by"], validate_unique=False)


def _snapshot(member: Member, fields) -> dict:
    values = {}
    for name in fields:
        value = getattr(member, name)
        if name == "territory":
            value = member.territory_id and str(member.territory)
        elif name in _FILE_FIELDS:
            value = value.name or ""
        values[name] = value
    return values


def member_register(
    *,
    actor: User,
    id_type: str = IdType.CC,
    id_number: str | int,
    first_names: str,
    last_names: str,
    territory: Territory,
    birth_date: date | None = None,
    sex: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    joined_on: date | None = None,
    consent_date: date | None = None,
    consent_channel: str = "",
    consent_evidence: str = "",
    consent_file: File | None = None,
    photo: File | None = None,
    source: str = Member.Source.MANUAL,
    source_ref: str = "",
) -> Member:
    """Register a new member. The habeas-data authorization (date and channel) is required.

    A document that is already a member's outside the actor's scope is queued for national
    review (NationalReviewRequired); the actor is told nothing else about that member.
    """
    ensure_role(actor, MEMBER_EDITORS, _("register members"))
    if territory is not None and actor.can_reach(territory):
        # Outside the transaction below: the queued case must outlive the refusal.
        registration_refuse_if_hidden(
            actor=actor,
            id_type=id_type,
            id_number=id_number,
            territory=territory,
            source=source,
            source_ref=source_ref,
            data={"first_names": first_names, "last_names": last_names, "birth_date": birth_date, "phone": phone},
        )
    with transaction.atomic():
        return _member_create(
            actor=actor,
            values={
                "id_type": id_type,
                "id_number": id_number,
                "first_names": first_names,
                "last_names": last_names,
                "territory": territory,
                "birth_date": birth_date,
                "sex": sex or "",
                "phone": phone or "",
                "email": email or "",
                "address": address or "",
                "joined_on": joined_on or timezone.localdate(),
                "consent_date": consent_date,
                "consent_channel": consent_channel or "",
                "consent_evidence": consent_evidence or "",
            },
            consent_file=consent_file,
            photo=photo,
            source=source,
            source_ref=source_ref,
        )


def _member_create(*, actor: User, values: dict, consent_file, photo, source: str, source_ref: str) -> Member:
    values = clean_member_values(values=values, actor=actor)
    consent_errors = {}
    if not values["consent_date"]:
        consent_errors["consent_date"] = [_("Data-processing authorization date: this field is required.")]
    if not values["consent_channel"]:
        consent_errors["consent_channel"] = [_("Authorization channel: this field is required.")]
    if consent_errors:
        raise ValidationError(consent_errors)
    member = Member(
        **values,
        source=source,
        source_ref=source_ref,
        created_by=actor if getattr(actor, "pk", None) else None,
        updated_by=actor if getattr(actor, "pk", None) else None,
    )
    if consent_file:
        member.consent_file = consent_file
    if photo:
        member.photo = photo
    _full_clean(member)
    member.save()
    after = _snapshot(member, EDITABLE_FIELDS)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=member,
        changes={name: [None, value] for name, value in after.items() if value not in (None, "")},
        source=_AUDIT_SOURCE.get(source),
        source_ref=source_ref,
    )
    return member


@transaction.atomic
def member_update(
    *, member: Member, actor: User, data: dict, source: str | None = None, source_ref: str = ""
) -> Member:
    """Change a member's personal data; the audit event records each field's old and new value.

    `source`/`source_ref`: where the change was made (a drive's table: `AuditEvent.Source.JORNADA`
    and its number); by default the request's (manual, API)."""
    ensure_role(actor, MEMBER_EDITORS, _("change members"))
    ensure_reach(actor, member)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    # Lock: two coordinators saving the same member must not interleave their diffs.
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.merged_into_id or member.anonymized_at:
        raise ValidationError(_("This record was merged or anonymized and can no longer be edited."))
    values = clean_member_values(values=data, actor=actor, instance=member)
    if "consent_date" in values and not values["consent_date"]:
        raise ValidationError({"consent_date": [_("Data-processing authorization date: this field is required.")]})
    fields = [name for name in EDITABLE_FIELDS if name in values]
    before = _snapshot(member, fields)
    for name in fields:
        if name in _FILE_FIELDS and not values[name]:
            continue  # an empty upload keeps the current file
        setattr(member, name, values[name])
    after = _snapshot(member, fields)
    changes = field_changes(before, after, fields)
    if not changes:
        return member
    member.updated_by = actor if getattr(actor, "pk", None) else None
    _full_clean(member)
    member.save()
    for name in _FILE_FIELDS & set(changes):
        member_file_replaced(field_name=name, old_name=before[name])  # a replaced consent file is kept
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=member, changes=changes, source=source, source_ref=source_ref
    )
    return member


@transaction.atomic
def member_change_status(
    *, member: Member, actor: User, to_status: str, reason: str, effective_date: date | None = None
) -> MemberStatusChange:
    """Move a member to another status (a resignation is a status, never a delete)."""
    ensure_role(actor, STATUS_EDITORS, _("change a member's status"))
    ensure_reach(actor, member)
    member = Member.objects.select_for_update().get(pk=member.pk)
    errors: dict[str, list[str]] = {}
    reason = " ".join((reason or "").split())
    effective_date = effective_date or timezone.localdate()
    if to_status not in Member.Status.values:
        errors["to_status"] = [_("New status: choose a valid option.")]
    elif to_status == member.status:
        errors["to_status"] = [_("New status: the member already has this status.")]
    elif to_status not in ALLOWED_TRANSITIONS[member.status]:
        errors["to_status"] = [
            _("New status: a member with status “%(from)s” cannot change to “%(to)s”.")
            % {"from": member.get_status_display(), "to": Member.Status(to_status).label}
        ]
    if len(reason) < 5:
        errors["reason"] = [_("Reason: explain the change (at least 5 characters).")]
    if effective_date > timezone.localdate():
        errors["effective_date"] = [_("Effective date: the date cannot be in the future.")]
    if frozen := member.status_frozen_reason:  # merged or anonymized
        errors["to_status"] = [frozen]
    if errors:
        raise ValidationError(errors)
    actor = actor if getattr(actor, "pk", None) else None

    def apply(locked: Member) -> None:
        locked.status_changed_at = timezone.now()
        locked.updated_by = actor

    move(
        member,
        workflow=MEMBER_WORKFLOW,
        name=MEMBER_WORKFLOW.between(member, to_status).name,
        actor=actor,
        note=reason,
        apply=apply,
        save_fields=["status_changed_at", "updated_by", "updated_at"],
        history={"effective_date": effective_date},
    )
    change = member.status_changes.order_by("-at", "-id").first()
    return change
