"""Writes of the social-affairs secretariat: organizations, fronts, linked members, activities,
and the organizations' elections (which the electoral secretariat supports too).

Every function checks role and territorial reach itself (core.permissions). Linking a member goes
by document among the members the actor may see: a document of another territory gets the same
answer as one nobody has (membership is not an oracle).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.permissions import ensure_reach, ensure_role
from core.workflow import move
from militancia.identity import InvalidIdNumber, normalize_id_number
from militancia.models import Member
from social_orgs.models import (
    ELECTION_WORKFLOW,
    ElectionCandidate,
    ElectionPosition,
    OrganizationActivity,
    OrganizationElection,
    OrganizationMember,
    SocialOrganization,
    WorkFront,
)
from social_orgs.roles import EDITORS, ELECTION_HANDLERS

if TYPE_CHECKING:
    from core.models import Territory, User

ORGANIZATION_FIELDS = (
    "name",
    "kind",
    "territory",
    "contact_name",
    "phone",
    "email",
    "address",
    "description",
    "active",
)


def member_find(*, actor: User, id_type: str, id_number: str, field: str = "id_number") -> Member:
    """The member with that document among those the actor may see (no oracle across territories)."""
    try:
        number = normalize_id_number(id_type, id_number)
    except InvalidIdNumber as exc:
        raise ValidationError({field: [str(exc)]}) from exc
    member = Member.objects.visible_to(actor).filter(id_type=id_type, id_number=number).first()
    if member is None:
        raise ValidationError({field: [_("Document: no member with that document in your scope.")]})
    return member


@transaction.atomic
def front_create(*, actor: User, name: str, description: str = "", territory: Territory | None = None) -> WorkFront:
    ensure_role(actor, EDITORS, _("constitute work fronts"))
    if territory is not None:
        ensure_reach(actor, territory)
    elif not actor.is_national:
        raise ValidationError({"territory": [_("Territory: only a national user may constitute a national front.")]})
    front = WorkFront(name=name.strip(), description=description.strip(), territory=territory)
    front.full_clean()
    front.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=front)
    return front


@transaction.atomic
def organization_save(
    *,
    actor: User,
    organization: SocialOrganization | None = None,
    name: str,
    kind: str,
    territory: Territory,
    contact_name: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    description: str = "",
    fronts: Sequence[WorkFront] = (),
    active: bool = True,
) -> SocialOrganization:
    """Register an organization, or change one (`organization` given)."""
    ensure_role(actor, EDITORS, _("register social organizations"))
    ensure_reach(actor, territory)
    creating = organization is None
    if not creating:
        ensure_reach(actor, organization)
    organization = organization or SocialOrganization(created_by=actor)
    before = {f: getattr(organization, "territory_id" if f == "territory" else f) for f in ORGANIZATION_FIELDS}
    organization.name = name.strip()
    organization.kind = kind
    organization.territory = territory
    organization.contact_name = contact_name.strip()
    organization.phone = phone.strip()
    organization.email = email.strip()
    organization.address = address.strip()
    organization.description = description.strip()
    organization.active = active
    organization.full_clean()
    organization.save()
    visible_fronts = WorkFront.objects.visible_to(actor).filter(pk__in=[f.pk for f in fronts])
    organization.fronts.set(visible_fronts)
    after = {f: getattr(organization, "territory_id" if f == "territory" else f) for f in ORGANIZATION_FIELDS}
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
        obj=organization,
        changes={
            **{f: [before[f], after[f]] for f in ORGANIZATION_FIELDS if before[f] != after[f]},
            "fronts": sorted(f.pk for f in visible_fronts),
        },
    )
    return organization


@transaction.atomic
def organization_member_add(
    *,
    actor: User,
    organization: SocialOrganization,
    member: Member,
    role: str,
    position: str = "",
    since: date | None = None,
) -> OrganizationMember:
    """Record that a party member belongs to (or leads) the organization."""
    ensure_role(actor, EDITORS, _("link members to social organizations"))
    ensure_reach(actor, organization)
    ensure_reach(actor, member)
    link = OrganizationMember(
        organization=organization, member=member, role=role, position=position.strip(), since=since, added_by=actor
    )
    link.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        raise ValidationError(
            {"id_number": [_("Document: that member is already linked to the organization.")]}
        ) from None
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=link,
        changes={"organization": [None, organization.pk], "member": [None, member.pk], "role": [None, role]},
    )
    return link


@transaction.atomic
def organization_member_remove(*, actor: User, link: OrganizationMember) -> None:
    ensure_role(actor, EDITORS, _("link members to social organizations"))
    ensure_reach(actor, link)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=link,
        changes={"organization": [link.organization_id, None], "member": [link.member_id, None]},
    )
    link.delete()


@transaction.atomic
def activity_record(
    *,
    actor: User,
    organization: SocialOrganization,
    kind: str,
    held_on: date,
    title: str,
    notes: str = "",
    front: WorkFront | None = None,
) -> OrganizationActivity:
    ensure_role(actor, EDITORS, _("record activities with social organizations"))
    ensure_reach(actor, organization)
    activity = OrganizationActivity(
        organization=organization,
        kind=kind,
        held_on=held_on,
        title=title.strip(),
        notes=notes.strip(),
        front=front,
        author=actor,
    )
    activity.full_clean()
    activity.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=activity, changes={"organization": organization.pk})
    return activity


@transaction.atomic
def election_create(
    *, actor: User, organization: SocialOrganization, held_on: date, title: str
) -> OrganizationElection:
    ensure_role(actor, ELECTION_HANDLERS, _("record the elections of social organizations"))
    ensure_reach(actor, organization)
    election = OrganizationElection(organization=organization, held_on=held_on, title=title.strip(), created_by=actor)
    election.full_clean()
    election.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=election, changes={"organization": organization.pk})
    return election


def _ensure_election(actor: User, election: OrganizationElection, action: str) -> None:
    ensure_role(actor, ELECTION_HANDLERS, action)
    ensure_reach(actor, election)


@transaction.atomic
def election_position_add(
    *, actor: User, election: OrganizationElection, name: str, seats: int = 1, requires_member: bool = False
) -> ElectionPosition:
    _ensure_election(actor, election, _("record the elections of social organizations"))
    if not election.is_planned:
        raise ValidationError(_("The election is no longer planned: its positions are closed."))
    position = ElectionPosition(election=election, name=name.strip(), seats=seats, requires_member=requires_member)
    position.full_clean()
    position.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=position, changes={"election": election.pk})
    return position


@transaction.atomic
def election_candidate_add(
    *, actor: User, position: ElectionPosition, member: Member | None = None, name: str = ""
) -> ElectionCandidate:
    """A candidate for a position: a member the actor may see, or a named person where the
    position does not require a member."""
    election = position.election
    _ensure_election(actor, election, _("record the elections of social organizations"))
    if not election.is_planned:
        raise ValidationError(_("The election is no longer planned: its candidates are closed."))
    if member is not None:
        ensure_reach(actor, member)
    candidate = ElectionCandidate(position=position, member=member, name="" if member else name.strip())
    candidate.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        raise ValidationError({"member": [_("Member: already a candidate for this position.")]}) from None
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=candidate,
        changes={"position": position.pk, "member": [None, member.pk if member else None]},
    )
    return candidate


@transaction.atomic
def election_support(
    *, actor: User, election: OrganizationElection, supported: bool, notes: str
) -> OrganizationElection:
    """Record whether and how the party supports the election (the electoral secretariat's work)."""
    _ensure_election(actor, election, _("support the elections of social organizations"))
    before = (election.party_support, election.support_notes)
    election.party_support = supported
    election.support_notes = notes.strip()
    election.save(update_fields=["party_support", "support_notes"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=election,
        changes={"party_support": [before[0], supported], "support_notes": [before[1], election.support_notes]},
    )
    return election


def election_results_record(
    *, actor: User, election: OrganizationElection, votes: dict[int, int | None], elected: set[int], notes: str
) -> OrganizationElection:
    """The result: each candidate's votes and who was elected; the election is then held."""
    _ensure_election(actor, election, _("record the elections of social organizations"))
    candidates = list(ElectionCandidate.objects.filter(position__election=election).select_related("position"))
    if not candidates:
        raise ValidationError(_("Register the candidates before the result."))
    per_position: dict[int, int] = {}
    for candidate in candidates:
        if candidate.pk in elected:
            per_position[candidate.position_id] = per_position.get(candidate.position_id, 0) + 1
    for candidate in candidates:
        if per_position.get(candidate.position_id, 0) > candidate.position.seats:
            raise ValidationError(
                _("Elected: «%(position)s» has %(seats)s seat(s) and more candidates are marked elected.")
                % {"position": candidate.position.name, "seats": candidate.position.seats}
            )

    def apply(locked: OrganizationElection) -> None:
        for candidate in candidates:
            candidate.votes = votes.get(candidate.pk)
            candidate.elected = candidate.pk in elected
        ElectionCandidate.objects.bulk_update(candidates, ["votes", "elected"])
        locked.result_notes = notes.strip()

    return move(
        election,
        workflow=ELECTION_WORKFLOW,
        name="hold",
        actor=actor,
        apply=apply,
        changes={"elected": sorted(elected)},
    )


def election_cancel(*, actor: User, election: OrganizationElection, note: str = "") -> OrganizationElection:
    _ensure_election(actor, election, _("record the elections of social organizations"))
    return move(election, workflow=ELECTION_WORKFLOW, name="cancel", actor=actor, note=note)
