"""Writes of the solidarity secretariat: the directory, cases, assignments, actions, restriction.

Every function authorizes itself: the directory and the case's life are the secretariat's
(`holds_solidarity_role`, never implied by another office); recording an action is open to
whoever sees the case (the secretariat or the assigned professional). Reading a case is audited
here too (`case_read`, `cases_read`): an event about the case and an access row for its member.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.permissions import OutOfReach, ensure_reach
from core.workflow import move
from militancia.identity import InvalidIdNumber, normalize_id_number
from militancia.models import Member, MemberAccess
from solidarity.models import (
    CASE_WORKFLOW,
    CaseAction,
    Professional,
    SolidarityCase,
    case_visible_to,
    holds_solidarity_role,
)

if TYPE_CHECKING:
    from core.models import Territory, User

PROFESSIONAL_FIELDS = ("name", "specialty", "territory", "availability", "availability_notes", "phone", "email", "user")


def _ensure_secretariat(actor: User | None, action: str) -> None:
    if not holds_solidarity_role(actor):
        raise PermissionDenied(_("Your role does not allow you to %(action)s.") % {"action": action})


def _visible_case(actor: User, case: SolidarityCase) -> SolidarityCase:
    """The case as the actor may see it, or a 404 (a case one may not see does not exist)."""
    from core.permissions import OutOfReach

    try:
        return SolidarityCase.objects.visible_to(actor).select_related("member", "territory").get(pk=case.pk)
    except SolidarityCase.DoesNotExist:
        raise OutOfReach from None


def case_member_find(*, actor: User, id_type: str, id_number: str) -> Member:
    """The member with that document among those the actor may see; the same answer for a number
    nobody has and for a member of another territory (no oracle)."""
    _ensure_secretariat(actor, _("open solidarity cases"))
    try:
        number = normalize_id_number(id_type, id_number)
    except InvalidIdNumber as exc:
        raise ValidationError({"id_number": [str(exc)]}) from exc
    member = Member.objects.visible_to(actor).filter(id_type=id_type, id_number=number).first()
    if member is None:
        raise ValidationError({"id_number": [_("No member with that document in your scope.")]})
    return member


@transaction.atomic
def professional_save(
    *,
    actor: User,
    professional: Professional | None = None,
    name: str,
    specialty: str,
    territory: Territory | None,
    availability: str,
    availability_notes: str = "",
    phone: str = "",
    email: str = "",
    user: User | None = None,
    active: bool = True,
) -> Professional:
    """Add a professional to the directory, or change one (`professional` given)."""
    _ensure_secretariat(actor, _("manage the directory of professionals"))
    if territory is not None:
        ensure_reach(actor, territory)
    elif not actor.is_national:
        raise ValidationError({"territory": [_("Only a national user may add a nationwide professional.")]})
    creating = professional is None
    professional = Professional() if creating else Professional.objects.visible_to(actor).get(pk=professional.pk)
    before = {f: getattr(professional, f"{f}_id" if f in ("territory", "user") else f) for f in PROFESSIONAL_FIELDS}
    professional.name = name.strip()
    professional.specialty = specialty
    professional.territory = territory
    professional.availability = availability
    professional.availability_notes = availability_notes.strip()
    professional.phone = phone.strip()
    professional.email = email.strip()
    professional.user = user
    professional.active = active
    if not professional.phone and not professional.email:
        raise ValidationError({"phone": [_("Write a phone or an e-mail to reach the professional.")]})
    professional.full_clean()
    professional.save()
    after = {f: getattr(professional, f"{f}_id" if f in ("territory", "user") else f) for f in PROFESSIONAL_FIELDS}
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
        obj=professional,
        changes={f: [before[f], after[f]] for f in PROFESSIONAL_FIELDS if before[f] != after[f]},
    )
    return professional


@transaction.atomic
def case_open(
    *,
    actor: User,
    member: Member,
    kind: str,
    urgency: str,
    facts: str,
    needs: str,
    opened_on: date | None = None,
) -> SolidarityCase:
    """Open a case for a member (the case lives in the member's territory)."""
    _ensure_secretariat(actor, _("open solidarity cases"))
    ensure_reach(actor, member)
    case = SolidarityCase(
        member=member,
        territory=member.territory,
        kind=kind,
        urgency=urgency,
        facts=facts.strip(),
        needs=needs.strip(),
        opened_on=opened_on or timezone.localdate(),
        created_by=actor,
    )
    case.full_clean()
    case.save()
    CASE_WORKFLOW.record(case, from_status="", to_status=case.status, actor=actor)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=case,
        changes={"member": [None, member.pk], "kind": [None, kind], "urgency": [None, urgency]},
    )
    return case


@transaction.atomic
def case_assign(
    *,
    actor: User,
    case: SolidarityCase,
    professional: Professional,
    specialty_confirmed: bool = False,
    territory_reason: str = "",
) -> SolidarityCase:
    """Assign the case to a professional of the directory.

    A professional whose specialty does not suit the case's kind needs `specialty_confirmed`
    (the page shows the warning and asks); one from outside the case's territory needs a written
    reason, which is kept on the case and in its history.
    """
    _ensure_secretariat(actor, _("assign solidarity cases"))
    case = _visible_case(actor, case)
    if not Professional.objects.visible_to(actor).filter(pk=professional.pk, active=True).exists():
        raise ValidationError({"professional": [_("Professional: choose one of the active professionals.")]})
    if professional.availability == Professional.Availability.UNAVAILABLE:
        raise ValidationError(
            {"professional": [_("Professional: %(name)s is not available.") % {"name": professional.name}]}
        )
    if not case.suits(professional) and not specialty_confirmed:
        raise ValidationError(
            {
                "confirm_specialty": [
                    _(
                        "Professional: %(name)s is a %(specialty)s, outside the specialties of a %(kind)s case. "
                        "Confirm to assign anyway."
                    )
                    % {
                        "name": professional.name,
                        "specialty": professional.get_specialty_display().lower(),
                        "kind": case.get_kind_display().lower(),
                    }
                ]
            },
            code="specialty",
        )
    reason = territory_reason.strip()
    outside = not professional.covers(case.territory)
    if outside and not reason:
        raise ValidationError(
            {
                "territory_reason": [
                    _(
                        "Reason: %(name)s works in %(where)s, outside the case's territory (%(territory)s); "
                        "write why they are assigned."
                    )
                    % {"name": professional.name, "where": professional.territory, "territory": case.territory.name}
                ]
            }
        )
    notes = [_("Assigned to %(name)s.") % {"name": professional.name}]
    if not case.suits(professional):
        notes.append(_("Specialty outside the kind of case, confirmed."))
    if outside:
        notes.append(_("Outside the case's territory: %(reason)s") % {"reason": reason})
    previous = case.professional_id

    def apply(locked: SolidarityCase) -> None:
        locked.professional = professional
        locked.assignment_reason = reason if outside else ""

    return move(
        case,
        workflow=CASE_WORKFLOW,
        name="assign",
        actor=actor,
        note=" ".join(str(n) for n in notes),
        apply=apply,
        changes={"professional": [previous, professional.pk], "outside_territory": outside},
    )


@transaction.atomic
def case_action_record(
    *,
    actor: User,
    case: SolidarityCase,
    kind: str,
    done_on: date,
    description: str,
    next_step_on: date | None = None,
) -> CaseAction:
    """An action or follow-up, by the secretariat or the assigned professional. The first one on an
    assigned case puts it in follow-up."""
    case = _visible_case(actor, case)
    if case.is_closed:
        raise ValidationError(_("The case is closed: reopen it to record more."))
    action = CaseAction(
        case=case, kind=kind, done_on=done_on, description=description.strip(), next_step_on=next_step_on, author=actor
    )
    action.full_clean()
    action.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=action, changes={"case": [None, case.pk]})
    if case.status == SolidarityCase.Status.ASSIGNED:
        move(case, workflow=CASE_WORKFLOW, name="follow", actor=actor)
    return action


def case_close(*, actor: User, case: SolidarityCase, outcome: str) -> SolidarityCase:
    """Close the case with its outcome."""
    _ensure_secretariat(actor, _("close solidarity cases"))
    case = _visible_case(actor, case)

    def apply(locked: SolidarityCase) -> None:
        locked.outcome = outcome.strip()
        locked.closed_at = timezone.now()

    return move(case, workflow=CASE_WORKFLOW, name="close", actor=actor, note=outcome, apply=apply)


def case_reopen(*, actor: User, case: SolidarityCase, note: str) -> SolidarityCase:
    _ensure_secretariat(actor, _("reopen solidarity cases"))
    case = _visible_case(actor, case)

    def apply(locked: SolidarityCase) -> None:
        locked.closed_at = None

    return move(case, workflow=CASE_WORKFLOW, name="reopen", actor=actor, note=note, apply=apply)


@transaction.atomic
def case_restrict(*, actor: User, case: SolidarityCase, restricted: bool, users: Sequence[User]) -> SolidarityCase:
    """Mark a case restricted to named people (holders of the role), or lift it.

    The actor is always among the named people, so nobody restricts a case away from themselves.
    """
    _ensure_secretariat(actor, _("restrict solidarity cases"))
    case = _visible_case(actor, case)
    named = {user.pk: user for user in users}
    if restricted:
        named[actor.pk] = actor
        outsiders = [
            user.get_full_name() or user.username for user in named.values() if not holds_solidarity_role(user)
        ]
        if outsiders:
            raise ValidationError(
                {
                    "users": [
                        _("Named people: %(names)s do not hold the solidarity secretariat's role.")
                        % {"names": ", ".join(sorted(outsiders))}
                    ]
                }
            )
    before = (case.restricted, sorted(case.allowed_users.values_list("pk", flat=True)))
    case.restricted = restricted
    case.save(update_fields=["restricted"])
    case.allowed_users.set(list(named.values()) if restricted else [])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=case,
        changes={
            "restricted": [before[0], restricted],
            "allowed_users": [before[1], sorted(named) if restricted else []],
        },
    )
    return case


@transaction.atomic
def case_read(*, actor: User, case: SolidarityCase) -> AuditEvent:
    """Someone opened a case: an event about the case, and an access row for its member (so the
    member's data report says who saw it). A case the page read through `visible_to(actor)` is
    not looked up again (models.case_visible_to)."""
    if not case_visible_to(case, actor):
        raise OutOfReach
    event = audit_record(
        actor=actor,
        action=AuditEvent.Action.VIEW,
        obj=case,
        message=_("Solidarity case opened"),
        message_is_personal=False,
    )
    MemberAccess.objects.create(event=event, member_id=case.member_id)
    return event


@transaction.atomic
def cases_read(*, actor: User, cases: Sequence[SolidarityCase]) -> AuditEvent | None:
    """A page of cases was shown: one event naming the cases, one access row per member shown."""
    if not cases:
        return None
    event = audit_record(
        actor=actor,
        action=AuditEvent.Action.VIEW,
        message=_("Solidarity cases listed"),
        changes={"cases": [case.pk for case in cases]},
        message_is_personal=False,
    )
    MemberAccess.objects.bulk_create(
        [MemberAccess(event=event, member_id=member_id) for member_id in {case.member_id for case in cases}]
    )
    return event
