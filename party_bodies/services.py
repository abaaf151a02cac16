"""Writes on party bodies, offices, terms and training."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent, Territory
from militancia.identity import InvalidIdNumber, normalize_id_number
from militancia.models import Member
from party_bodies.models import Office, OfficeTerm, PartyBody, TrainingAttendance, TrainingEvent

if TYPE_CHECKING:
    from core.models import User

# The functions each office carries by default (from the party's statutes); editable per body.
DEFAULT_FUNCTIONS = {
    Office.Title.PRESIDENT: _(
        "Represents the body, calls and chairs its meetings, and sees that the statutes and the decisions "
        "of the party are carried out."
    ),
    Office.Title.VP_WOMEN: _(
        "Promotes the participation of women in the party, leads gender-equality programmes and replaces the "
        "president in their absence."
    ),
    Office.Title.SECRETARY: _("Keeps the minutes, the membership books and the correspondence of the body."),
    Office.Title.COMMUNITY: _("Links the party with community action boards and local development projects."),
    Office.Title.SOCIAL: _("Coordinates the social programmes and the relation with social organizations."),
    Office.Title.TRAINING: _("Plans seminars, forums and the training school; keeps the training records."),
    Office.Title.ELECTORAL: _("Organizes the electoral work: candidates, poll watchers and results."),
    Office.Title.RIGHTS: _("Promotes solidarity campaigns and the defence of human rights."),
    Office.Title.COMMUNICATIONS: _("Runs the body's communication with members and the public."),
}
KIND_FOR_TERRITORY = {
    Territory.Kind.COUNTRY: PartyBody.Kind.NATIONAL,
    Territory.Kind.DEPARTMENT: PartyBody.Kind.DEPARTMENTAL,
    Territory.Kind.MUNICIPALITY: PartyBody.Kind.MUNICIPAL,
    Territory.Kind.LOCALITY: PartyBody.Kind.COMMUNAL,
}


def _check_scope(actor: User, territory) -> None:
    if not actor.can_reach(territory):
        raise ValidationError({"territory": [_("That territory is outside your scope.")]})


def body_create(*, actor: User, territory: Territory, kind: str | None = None, name: str = "") -> PartyBody:
    """Create the body of a territory with its standard offices (and their default functions)."""
    _check_scope(actor, territory)
    kind = kind or KIND_FOR_TERRITORY[territory.kind]
    body = PartyBody(
        territory=territory, kind=kind, name=name.strip() or f"{PartyBody.Kind(kind).label} {territory.name}"
    )
    body.full_clean()
    with transaction.atomic():
        body.save()
        Office.objects.bulk_create(
            Office(body=body, title=title, functions=str(DEFAULT_FUNCTIONS[title]), order=index)
            for index, title in enumerate(Office.Title)
        )
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=body)
    return body


def office_update_functions(*, actor: User, office: Office, functions: str) -> Office:
    with transaction.atomic():
        before = office.functions
        office.functions = functions.strip()
        office.save(update_fields=["functions"])
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, obj=office, changes={"functions": [before, office.functions]}
        )
    return office


def find_member(*, actor: User, id_number: str, id_type: str = "CC") -> Member:
    """The member with that document, in the actor's scope. Refuses anyone who is not an active member."""
    try:
        number = normalize_id_number(id_type, id_number)
    except InvalidIdNumber as exc:
        raise ValidationError({"id_number": [str(exc)]}) from exc
    member = Member.objects.visible_to(actor).filter(id_type=id_type, id_number=number).first()
    if member is None:
        raise ValidationError(
            {
                "id_number": [
                    _(
                        "No member with that document in your scope: only members can hold an office or be recorded as attendees."
                    )
                ]
            }
        )
    if member.status != Member.Status.ACTIVE:
        raise ValidationError(
            {
                "id_number": [
                    _("%(name)s is not an active member (%(status)s).")
                    % {"name": member.full_name, "status": member.get_status_display()}
                ]
            }
        )
    return member


def term_assign(
    *, actor: User, office: Office, member: Member, starts_on: date, ends_on: date, notes: str = ""
) -> OfficeTerm:
    """Give an office to a member for a term. Refuses non-members, members from elsewhere and overlaps."""
    errors: dict[str, list[str]] = {}
    body_territory = office.body.territory
    _check_scope(actor, body_territory)
    if member.status != Member.Status.ACTIVE:
        errors["id_number"] = [_("Only an active member can hold an office.")]
    elif not member.territory.is_within(body_territory):
        errors["id_number"] = [
            _("%(name)s is a member in %(where)s, outside %(body)s.")
            % {"name": member.full_name, "where": member.territory.name, "body": body_territory.name}
        ]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The term cannot end before it starts.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Lock the office: two assignments at once must not both pass the overlap check.
        Office.objects.select_for_update().get(pk=office.pk)
        clash = (
            OfficeTerm.objects.filter(office=office, starts_on__lte=ends_on, ends_on__gte=starts_on)
            .select_related("member")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "starts_on": [
                        _("The term overlaps the term of %(name)s (%(start)s – %(end)s).")
                        % {
                            "name": clash.member.full_name,
                            "start": clash.starts_on.strftime("%d/%m/%Y"),
                            "end": clash.ends_on.strftime("%d/%m/%Y"),
                        }
                    ]
                }
            )
        term = OfficeTerm(
            office=office, member=member, starts_on=starts_on, ends_on=ends_on, notes=notes, created_by=actor
        )
        term.full_clean()
        term.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=term,
            message=f"{office} → {member.id_number} {starts_on}–{ends_on}",
        )
    return term


def term_end(*, actor: User, term: OfficeTerm, ends_on: date) -> OfficeTerm:
    """End a term early (resignation, removal). The history is kept."""
    if ends_on < term.starts_on:
        raise ValidationError({"ends_on": [_("The term cannot end before it starts.")]})
    if ends_on > term.ends_on:
        raise ValidationError({"ends_on": [_("Use a new term to extend an office, not a later end date.")]})
    with transaction.atomic():
        before = term.ends_on
        term.ends_on = ends_on
        term.save(update_fields=["ends_on"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=term, changes={"ends_on": [before, ends_on]})
    return term


def training_create(
    *,
    actor: User,
    territory: Territory,
    kind: str,
    title: str,
    topic: str,
    held_on: date,
    place: str,
    trainer: str,
    hours: int = 4,
) -> TrainingEvent:
    _check_scope(actor, territory)
    event = TrainingEvent(
        territory=territory,
        kind=kind,
        title=title.strip(),
        topic=topic.strip(),
        held_on=held_on,
        place=place.strip(),
        trainer=trainer.strip(),
        hours=hours,
        created_by=actor,
    )
    event.full_clean()
    with transaction.atomic():
        event.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=event)
    return event


def attendance_record(*, actor: User, event: TrainingEvent, member: Member) -> TrainingAttendance:
    _check_scope(actor, event.territory)
    try:
        with transaction.atomic():
            attendance = TrainingAttendance.objects.create(event=event, member=member, recorded_by=actor)
            audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=attendance, message=member.id_number)
    except IntegrityError as exc:
        raise ValidationError(
            {"id_number": [_("%(name)s is already on the attendance list.") % {"name": member.full_name}]}
        ) from exc
    return attendance
