"""Writes of field work: contacts (only with consent), anonymous tallies, campaigns, turfs, lists
and attempts. Each function checks role and territorial reach itself (core.permissions)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import (
    Attempt,
    Campaign,
    Contact,
    ListEntry,
    SupportLevel,
    SupportTally,
    Turf,
    WalkList,
)
from campaigns.roles import CANVASSERS, COORDINATORS
from core.audit import audit_record
from core.models import AuditEvent, Territory
from core.permissions import ensure_reach, ensure_role, refuse
from militancia.identity import InvalidIdNumber, clean_person_name, normalize_id_number
from militancia.models import Member

if TYPE_CHECKING:
    from core.models import User
    from electoral.models import Election, ElectoralUnit


def _pick_territory(actor: User, territory: Territory | None, field: str = "territory") -> Territory:
    """A territory typed in a form: outside the actor's scope it is a field error, not a 404."""
    if territory is None:
        refuse(_("Choose a territory."), field)
    if not actor.can_reach(territory):
        refuse(_("Territory: outside your scope."), field)
    return territory


def _pick_unit(actor: User, unit: ElectoralUnit | None, field: str) -> ElectoralUnit | None:
    if unit is not None and not actor.is_national and (unit.territory is None or not actor.can_reach(unit.territory)):
        refuse(_("Polling place: outside your scope."), field)
    return unit


@transaction.atomic
def contact_create(
    *,
    actor: User,
    first_names: str,
    last_names: str = "",
    territory: Territory,
    consent_channel: str,
    consent_date: date | None,
    consent_evidence: str = "",
    id_type: str = "",
    id_number: str = "",
    phone: str = "",
    address: str = "",
    polling_place: ElectoralUnit | None = None,
    support_level: int = SupportLevel.UNKNOWN,
    tags: list[str] | None = None,
    source: str = Contact.Source.CANVASS,
) -> Contact:
    """Store a person known to the campaign. Refused without consent to be contacted (channel and
    date): the caller records an anonymous tally instead (`tally_increment`).

    A document that is a member's links the contact to that member silently (the page shows the
    link only to someone who may see the member). A document already held by a contact the actor
    may not see is refused with the same words as a member's (national review).
    """
    ensure_role(actor, COORDINATORS, _("register contacts"))
    if not consent_channel or not consent_date:
        refuse(
            _("Without the person's consent to be contacted nothing personal is stored: record an anonymous tally."),
            "consent_channel",
        )
    territory = _pick_territory(actor, territory)
    polling_place = _pick_unit(actor, polling_place, "polling_place")
    member = None
    if id_number:
        id_type = id_type or "CC"
        try:
            id_number = normalize_id_number(id_type, id_number)
        except InvalidIdNumber as exc:
            refuse(str(exc), "id_number")
        existing = Contact.objects.filter(id_type=id_type, id_number=id_number).first()
        if existing is not None:
            if Contact.objects.visible_to(actor).filter(pk=existing.pk).exists():
                refuse(_("This person is already a contact."), "id_number")
            from militancia.services.conflicts import national_review_message

            refuse(national_review_message(), "id_number")
        member = Member.objects.filter(id_type=id_type, id_number=id_number).first()
        if member is not None and Contact.objects.filter(member=member).exists():
            refuse(_("This person is already a contact."), "id_number")
    else:
        id_type = ""
    contact = Contact(
        id_type=id_type,
        id_number=id_number,
        first_names=clean_person_name(first_names),
        last_names=clean_person_name(last_names) if last_names.strip() else "",
        phone=phone.strip(),
        address=address.strip(),
        territory=territory,
        polling_place=polling_place,
        support_level=support_level,
        tags=sorted({t.strip().lower() for t in (tags or []) if t.strip()}),
        source=source,
        consent_channel=consent_channel,
        consent_date=consent_date,
        consent_evidence=consent_evidence.strip(),
        member=member,
        created_by=actor,
    )
    contact.full_clean()
    contact.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=contact,
        changes={"first_names": [None, contact.first_names], "support_level": [None, contact.support_level]},
    )
    return contact


@transaction.atomic
def contact_update(
    *, actor: User, contact: Contact, support_level: int, tags: list[str], phone: str, address: str
) -> Contact:
    """Change what the campaign knows of a contact (leaning, tags, how to reach them)."""
    ensure_role(actor, COORDINATORS, _("edit contacts"))
    ensure_reach(actor, contact)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    before = {
        "support_level": contact.support_level,
        "tags": contact.tags,
        "phone": contact.phone,
        "address": contact.address,
    }
    contact.support_level = support_level
    contact.tags = sorted({t.strip().lower() for t in tags if t.strip()})
    contact.phone, contact.address = phone.strip(), address.strip()
    contact.full_clean()
    contact.save()
    after = {
        "support_level": contact.support_level,
        "tags": contact.tags,
        "phone": contact.phone,
        "address": contact.address,
    }
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=contact, changes=changes)
    return contact


def contact_link_member(*, actor: User, contact: Contact, member: Member) -> Contact:
    """Point the contact at the member the person is (never a second record of them)."""
    ensure_role(actor, COORDINATORS, _("link contacts to members"))
    ensure_reach(actor, contact)
    ensure_reach(actor, member)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.member_id and contact.member_id != member.pk:
            refuse(_("This contact is already linked to another member."))
        if Contact.objects.filter(member=member).exclude(pk=contact.pk).exists():
            refuse(_("This member is already linked to another contact."))
        contact.member = member
        contact.save(update_fields=["member", "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=contact, changes={"member": [None, member.pk]})
    return contact


def contact_convert(*, actor: User, contact: Contact, registration: dict) -> Member:
    """ "Convertir en militante": register the person through the registry's normal service with
    the values of the (prefilled) member form, then link. A document that is already a member's
    the actor may see links to that member instead of registering a second one; one the actor may
    not see goes to national review (member_register raises NationalReviewRequired)."""
    from militancia.services.members import member_register

    ensure_role(actor, COORDINATORS, _("convert contacts into members"))
    ensure_reach(actor, contact)
    if contact.member_id:
        refuse(_("This contact is already a member."))
    try:
        id_number = normalize_id_number(registration["id_type"], registration["id_number"])
    except InvalidIdNumber as exc:
        refuse(str(exc), "id_number")
    existing = (
        Member.objects.visible_to(actor)
        .filter(id_type=registration["id_type"], id_number=id_number, merged_into__isnull=True)
        .first()
    )
    if existing is not None:
        contact_link_member(actor=actor, contact=contact, member=existing)
        return existing
    with transaction.atomic():
        member = member_register(actor=actor, **registration)
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        contact.member = member
        if not contact.id_number:
            contact.id_type, contact.id_number = member.id_type, member.id_number
        contact.save(update_fields=["member", "id_type", "id_number", "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=contact, changes={"member": [None, member.pk]})
    return member


def tally_increment(*, actor: User, unit: ElectoralUnit, support_level: int, count: int = 1) -> SupportTally:
    """Count a person who did not consent: nothing personal, only +1 at the polling place or table."""
    ensure_role(actor, CANVASSERS, _("record anonymous tallies"))
    if not unit.is_table and not unit.table_count:
        refuse(_("Choose a polling place or a table."), "polling_place")
    if unit.territory is None:
        refuse(_("This polling place has no territory."), "polling_place")
    ensure_reach(actor, unit.territory)
    if support_level not in SupportLevel.values:
        refuse(_("Choose a support level."), "support_level")
    if not 1 <= count <= 1000:
        refuse(_("The number of people must be between 1 and 1000."), "count")
    with transaction.atomic():
        tally, _created = SupportTally.objects.get_or_create(
            unit=unit, support_level=support_level, defaults={"territory": unit.territory}
        )
        SupportTally.objects.filter(pk=tally.pk).update(count=F("count") + count, updated_at=timezone.now())
        tally.refresh_from_db()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=tally,
            changes={"count": [tally.count - count, tally.count]},
            message=_("Anonymous tally"),
            message_is_personal=False,
        )
    return tally


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    name: str,
    kind: str,
    territory: Territory | None,
    election: Election | None = None,
    intro: str = "",
    issues: list[str] | None = None,
    checkout_days: int = 3,
    list_size: int = 25,
) -> Campaign:
    ensure_role(actor, COORDINATORS, _("create canvassing campaigns"))
    if territory is None and not actor.is_national:
        refuse(_("Choose a territory."), "territory")
    if territory is not None:
        _pick_territory(actor, territory)
    campaign = Campaign(
        name=name.strip(),
        kind=kind,
        territory=territory,
        election=election,
        intro=intro.strip(),
        issues=[i.strip() for i in (issues or []) if i.strip()],
        checkout_days=checkout_days,
        list_size=list_size,
        created_by=actor,
    )
    campaign.full_clean()
    campaign.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=campaign)
    return campaign


@transaction.atomic
def turf_create(
    *,
    actor: User,
    campaign: Campaign,
    name: str,
    territory: Territory | None,
    unit: ElectoralUnit | None = None,
    target_count: int = 100,
) -> Turf:
    """Cut a turf by territory and, optionally, polling place or section. A territory outside the
    actor's scope (or the campaign's) is refused."""
    ensure_role(actor, COORDINATORS, _("cut turfs"))
    ensure_reach(actor, campaign)
    territory = _pick_territory(actor, territory)
    if campaign.territory_id and not territory.path.startswith(campaign.territory.path):
        refuse(_("Territory: outside the campaign's territory."), "territory")
    unit = _pick_unit(actor, unit, "unit")
    if unit is not None and unit.territory is not None and not unit.territory.path.startswith(territory.path):
        refuse(_("The polling place or section is not in the turf's territory."), "unit")
    turf = Turf(
        campaign=campaign,
        name=name.strip(),
        territory=territory,
        unit=unit,
        target_count=target_count,
        created_by=actor,
    )
    turf.full_clean()
    turf.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=turf)
    return turf


def _turf_contacts(turf: Turf):
    """The contacts a turf covers: its territory's subtree, narrowed to a polling place/section."""
    contacts = Contact.objects.filter(territory__path__startswith=turf.territory.path)
    if turf.unit_id:
        contacts = contacts.filter(polling_place__path__startswith=turf.unit.path)
    return contacts


def lists_generate(*, actor: User, turf: Turf) -> int:
    """Cut the turf's contacts not yet on a list of this campaign into lists of the campaign's size,
    in address order (a walk follows the street). Returns how many lists were made."""
    ensure_role(actor, COORDINATORS, _("generate walk lists"))
    ensure_reach(actor, turf)
    with transaction.atomic():
        turf = (
            Turf.objects.select_for_update(of=("self",)).select_related("campaign", "territory", "unit").get(pk=turf.pk)
        )
        taken = ListEntry.objects.filter(walk_list__turf__campaign=turf.campaign).values("contact_id")
        ids = list(
            _turf_contacts(turf)
            .exclude(pk__in=taken)
            .order_by("address", "last_names", "id")
            .values_list("id", flat=True)
        )
        if not ids:
            refuse(_("Every contact of this turf is already on a list."))
        size = turf.campaign.list_size
        last = WalkList.objects.filter(turf=turf).order_by("-number").values_list("number", flat=True).first() or 0
        chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
        lists = WalkList.objects.bulk_create(
            [WalkList(turf=turf, number=last + n) for n, _chunk in enumerate(chunks, start=1)]
        )
        ListEntry.objects.bulk_create(
            [
                ListEntry(walk_list=wl, contact_id=cid, position=pos)
                for wl, chunk in zip(lists, chunks, strict=True)
                for pos, cid in enumerate(chunk, start=1)
            ]
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=turf,
            message=_("%(n)s walk lists generated") % {"n": len(lists)},
            message_is_personal=False,
        )
    return len(lists)


def list_checkout(*, actor: User, walk_list: WalkList, volunteer: User) -> WalkList:
    """Check a list out to a volunteer for the campaign's days. Only a list in the pool (never
    taken, or whose checkout expired) can be checked out; the volunteer must reach the turf."""
    ensure_role(actor, COORDINATORS, _("assign walk lists"))
    ensure_reach(actor, walk_list)
    if not volunteer.is_active or not volunteer.has_role(*CANVASSERS):
        refuse(_("This person has no field-work role."), "volunteer")
    with transaction.atomic():
        walk_list = (
            WalkList.objects.select_for_update()
            .select_related("turf__campaign", "turf__territory")
            .get(pk=walk_list.pk)
        )
        if not volunteer.can_reach(walk_list.turf.territory):
            refuse(_("Volunteer: this turf is outside their territory."), "volunteer")
        now = timezone.now()
        if not WalkList.objects.in_pool(now).filter(pk=walk_list.pk).exists():
            refuse(_("This list is already checked out or completed."))
        previous = walk_list.volunteer_id
        walk_list.volunteer = volunteer
        walk_list.checked_out_at = now
        walk_list.due_at = walk_list.checkout_until(now)
        walk_list.save(update_fields=["volunteer", "checked_out_at", "due_at"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=walk_list,
            changes={"volunteer": [previous, volunteer.pk], "due_at": [None, walk_list.due_at]},
        )
    return walk_list


def list_release(*, actor: User, walk_list: WalkList) -> WalkList:
    """Return a list to the pool (the volunteer gives it back, or a coordinator takes it away)."""
    ensure_role(actor, CANVASSERS, _("return walk lists"))
    if walk_list.volunteer_id != actor.pk:
        ensure_role(actor, COORDINATORS, _("take a list away from a volunteer"))
        ensure_reach(actor, walk_list)
    with transaction.atomic():
        walk_list = WalkList.objects.select_for_update().get(pk=walk_list.pk)
        previous = walk_list.volunteer_id
        walk_list.volunteer, walk_list.due_at = None, None
        walk_list.save(update_fields=["volunteer", "due_at"])
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, obj=walk_list, changes={"volunteer": [previous, None]}
        )
    return walk_list


def _ensure_holder(actor: User, walk_list: WalkList, now: datetime) -> None:
    if walk_list.volunteer_id != actor.pk:
        raise PermissionDenied(_("This list is not assigned to you."))
    if walk_list.completed_at is not None:
        raise PermissionDenied(_("This list is already completed."))
    if walk_list.due_at is None or walk_list.due_at <= now:
        raise PermissionDenied(_("Your checkout of this list expired: ask your coordinator for it again."))


def list_complete(*, actor: User, walk_list: WalkList) -> WalkList:
    """The volunteer finished the list."""
    ensure_role(actor, CANVASSERS, _("complete walk lists"))
    with transaction.atomic():
        walk_list = WalkList.objects.select_for_update().get(pk=walk_list.pk)
        now = timezone.now()
        _ensure_holder(actor, walk_list, now)
        walk_list.completed_at = now
        walk_list.save(update_fields=["completed_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=walk_list, changes={"completed_at": [None, now]})
    return walk_list


def attempt_record(
    *,
    actor: User,
    walk_list: WalkList | int,
    contact_id: int,
    client_uuid: uuid.UUID,
    result: str,
    recorded_at: datetime | None = None,
    support_level: int | None = None,
    issues: list[str] | None = None,
    wants_to_volunteer: bool | None = None,
    wants_card: bool | None = None,
    needs_ride: bool | None = None,
) -> tuple[Attempt, bool]:
    """Record one knock or call from the phone. Only the volunteer holding the list (checked out,
    not expired) may record, and only for a contact on it. Idempotent by `client_uuid`: a retry
    after a dropped connection returns the stored attempt and `created=False`.

    `walk_list` is the list or its id (the phone's endpoint passes the id: the list is read here
    once, with whether the contact is on it and whether the attempt was already stored, in one
    query; a missing list raises WalkList.DoesNotExist)."""
    ensure_role(actor, CANVASSERS, _("record canvassing attempts"))
    now = timezone.now()
    list_id = walk_list if isinstance(walk_list, int) else walk_list.pk
    walk_list = (  # its state now
        WalkList.objects.select_related("turf__campaign")
        .annotate(
            on_list=Exists(ListEntry.objects.filter(walk_list_id=OuterRef("pk"), contact_id=contact_id)),
            stored_id=Subquery(Attempt.objects.filter(client_uuid=client_uuid).values("pk")[:1]),
        )
        .get(pk=list_id)
    )
    if walk_list.stored_id is not None:
        existing = Attempt.objects.get(pk=walk_list.stored_id)
        if existing.walk_list_id != walk_list.pk or existing.volunteer_id != actor.pk:
            raise PermissionDenied(_("This list is not assigned to you."))
        return existing, False
    _ensure_holder(actor, walk_list, now)
    if result not in Attempt.Result.values:
        refuse(_("Choose what happened."), "result")
    if result != Attempt.Result.TALKED:
        support_level, issues, wants_to_volunteer, wants_card, needs_ride = None, [], None, None, None
    if support_level is not None and support_level not in SupportLevel.values:
        refuse(_("Choose a support level."), "support_level")
    allowed = set(walk_list.turf.campaign.issues)
    issues = [i for i in (issues or []) if i in allowed]
    if not walk_list.on_list:
        refuse(_("This person is not on your list."), "contact")
    if recorded_at is None or recorded_at > now:
        recorded_at = now
    attempt = Attempt(
        client_uuid=client_uuid,
        walk_list=walk_list,
        contact_id=contact_id,
        volunteer=actor,
        result=result,
        support_level=support_level,
        issues=issues,
        wants_to_volunteer=wants_to_volunteer,
        wants_card=wants_card,
        needs_ride=needs_ride,
        recorded_at=recorded_at,
    )
    try:
        with transaction.atomic():
            attempt.save()
            if support_level:
                Contact.objects.filter(pk=contact_id).update(support_level=support_level, updated_at=now)
            audit_record(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                obj=attempt,
                changes={"contact": [None, contact_id], "result": [None, result]},
            )
    except IntegrityError:
        # The same attempt arrived twice at once (a retry racing the original): keep the first.
        stored = Attempt.objects.filter(client_uuid=client_uuid).first()
        if stored is None:
            raise
        return stored, False
    return attempt, True
