"""Cards: issue, status moves, reprint, designs. Every move locks the card and appends history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carnets.models import Card, CardDesign, Jornada
from carnets.models.cards import CARD_WORKFLOW
from carnets.roles import CARD_WORKERS, DESIGNERS
from core.audit import audit_record
from core.models import AuditEvent
from core.permissions import ensure_reach, ensure_role
from core.workflow import TransitionError, move

if TYPE_CHECKING:
    from core.models import User
    from militancia.models import Member

S = Card.Status

REPRINTABLE = set(CARD_WORKFLOW.transition("replace").sources)


def card_numbers(*, count: int) -> list[str]:
    """`count` new human-readable card numbers (never reused).

    At headquarters they come from the national sequence, skipping the blocks reserved for drive
    kits; on a drive kit (KIT_MODE) from the block reserved for its drive.
    """
    if settings.KIT_MODE:
        return _kit_card_numbers(count)
    values: list[int] = []
    with connection.cursor() as cursor:
        while len(values) < count:
            cursor.execute(
                "SELECT s.v FROM (SELECT nextval('carnets_card_number_seq') AS v FROM generate_series(1, %s)) s "
                "WHERE NOT EXISTS (SELECT 1 FROM carnets_drivepackage p WHERE s.v BETWEEN p.first_number AND p.last_number)",
                [count - len(values)],
            )
            values.extend(value for (value,) in cursor.fetchall())
    return [f"C{value:08d}" for value in values]


def _kit_card_numbers(count: int) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM carnets_kitcardnumber WHERE number IN (SELECT number FROM carnets_kitcardnumber "
            "ORDER BY number LIMIT %s FOR UPDATE SKIP LOCKED) RETURNING number",
            [count],
        )
        values = sorted(value for (value,) in cursor.fetchall())
    if len(values) < count:
        raise ValidationError(
            _("The card numbers reserved for this drive are used up: sync the kit and prepare a new package.")
        )
    return [f"C{value:08d}" for value in values]


def active_design() -> CardDesign:
    design = CardDesign.objects.filter(is_active=True).first()
    if design is None:
        raise ValidationError(_("There is no active card design. A national administrator must activate one."))
    return design


def sync_has_card(*, member_ids: Iterable[int]) -> None:
    """Member.has_card is true exactly when the member holds a valid (printed or delivered) card."""
    from militancia.models import Member

    member_ids = list(member_ids)
    if not member_ids:
        return
    valid = set(
        Card.objects.filter(member_id__in=member_ids, status__in=Card.VALID_STATUSES).values_list(
            "member_id", flat=True
        )
    )
    Member.objects.filter(pk__in=valid, has_card=False).update(has_card=True)
    Member.objects.filter(pk__in=set(member_ids) - valid, has_card=True).update(has_card=False)


def issue_date() -> date:
    """Today, and on a drive kit never before the package's issue date (the laptop's clock may be wrong)."""
    if settings.KIT_MODE:
        from carnets.services.kit import kit_today

        return kit_today()
    return timezone.localdate()


def _history(card: Card, from_status: str, to_status: str, actor, note: str = ""):
    return CARD_WORKFLOW.record(card, from_status=from_status, to_status=to_status, actor=actor, note=note[:250])


@transaction.atomic
def card_issue(*, member: Member, actor: User, jornada: Jornada | None = None, note: str = "") -> Card:
    """A pending card for a member, or the pending card they already have.

    Refused for members who are not active, and for members already holding a printed or
    delivered card (that is a reprint).
    """
    ensure_role(actor, CARD_WORKERS, _("issue cards"))
    ensure_reach(actor, member)
    from militancia.models import Member

    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != Member.Status.ACTIVE:
        raise ValidationError(
            _("Only active members receive a card; this member's status is “%(status)s”.")
            % {"status": member.get_status_display()}
        )
    live = Card.objects.filter(member=member).live().first()
    if live is not None:
        if live.status == S.PENDING:
            return live
        raise ValidationError(
            _("This member already holds card %(number)s (%(status)s). Use a reprint to replace it.")
            % {"number": live.number, "status": live.get_status_display()}
        )
    design = active_design()
    version = (
        Card.objects.filter(member=member).order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    card = Card(
        number=card_numbers(count=1)[0],
        member=member,
        version=version,
        design=design,
        issued_on=issue_date(),
        jornada=jornada,
        created_by=actor,
    )
    card.full_clean()
    card.save()
    _history(card, "", S.PENDING, actor, note)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=card,
        message=_("Card issued for member %(id)s") % {"id": member.pk},
    )
    return card


def _locked(card: Card) -> Card:
    return Card.objects.select_for_update().get(pk=card.pk)


def _move(card: Card, to_status: str, actor, note: str = "", **fields) -> Card:
    try:
        transition = CARD_WORKFLOW.between(card, to_status)
    except TransitionError:
        raise ValidationError(
            _("A card that is “%(from)s” cannot become “%(to)s”.")
            % {"from": card.get_status_display(), "to": S(to_status).label}
        ) from None

    def apply(locked: Card) -> None:
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["status"])

    card = move(card, workflow=CARD_WORKFLOW, name=transition.name, actor=actor, note=note[:250], apply=apply)
    sync_has_card(member_ids=[card.member_id])
    return card


@transaction.atomic
def card_deliver(*, card: Card, actor: User, delivered_to: str, place: str) -> Card:
    ensure_role(actor, CARD_WORKERS, _("deliver cards"))
    ensure_reach(actor, card)
    card = _locked(card)
    delivered_to, place = delivered_to.strip(), place.strip()
    if not delivered_to or not place:
        raise ValidationError(_("Say to whom and where the card was delivered."))
    note = _("Delivered to %(who)s at %(place)s") % {"who": delivered_to, "place": place}
    return _move(
        card, S.DELIVERED, actor, note, delivered_to=delivered_to, delivered_place=place, delivered_at=timezone.now()
    )


@transaction.atomic
def card_print_failed(*, card: Card, actor: User) -> Card:
    """The printer spoiled a card just marked printed: it goes back to pending to print again
    (the spoiled PVC card stays consumed)."""
    ensure_role(actor, CARD_WORKERS, _("record card printing"))
    ensure_reach(actor, card)
    card = _locked(card)
    if card.status != S.PRINTED:
        raise ValidationError(_("Card %(number)s is not printed.") % {"number": card.number})
    return _move(card, S.PENDING, actor, _("Print failed: back to pending"), printed_at=None)


@transaction.atomic
def card_mark_lost(*, card: Card, actor: User, note: str = "") -> Card:
    ensure_role(actor, CARD_WORKERS, _("report cards lost"))
    ensure_reach(actor, card)
    return _move(_locked(card), S.LOST, actor, note or _("Reported lost"))


@transaction.atomic
def card_revoke(*, card: Card, actor: User, reason: str) -> Card:
    ensure_role(actor, CARD_WORKERS, _("revoke cards"))
    ensure_reach(actor, card)
    if not reason.strip():
        raise ValidationError(_("Give the reason for revoking the card."))
    return _move(_locked(card), S.REVOKED, actor, reason.strip())


@transaction.atomic
def card_reprint(*, card: Card, actor: User, reason: str) -> Card:
    """A new version of a printed, delivered or lost card; the old one becomes replaced."""
    ensure_role(actor, CARD_WORKERS, _("reprint cards"))
    ensure_reach(actor, card)
    card = _locked(card)
    if card.status == S.REVOKED:
        raise ValidationError(_("Card %(number)s was revoked: it cannot be reprinted.") % {"number": card.number})
    if card.status == S.REPLACED:
        raise ValidationError(_("Card %(number)s was already replaced by a newer version.") % {"number": card.number})
    if card.status not in REPRINTABLE:
        raise ValidationError(
            _("Card %(number)s has not been printed yet: print it instead of reprinting it.") % {"number": card.number}
        )
    if not reason.strip():
        raise ValidationError(_("Give the reason for the reprint (lost, damaged, data changed…)."))
    design = active_design()
    number = card_numbers(count=1)[0]
    card = move(
        card,
        workflow=CARD_WORKFLOW,
        name="replace",
        actor=actor,
        note=reason,
        message=_("Reprinted as %(number)s") % {"number": number},
    )
    new = Card(
        number=number,
        member_id=card.member_id,
        version=card.version + 1,
        design=design,
        issued_on=timezone.localdate(),
        replaces=card,
        jornada=card.jornada,
        created_by=actor,
    )
    new.full_clean()
    new.save()
    _history(
        new, "", S.PENDING, actor, _("Reprint of %(number)s: %(reason)s") % {"number": card.number, "reason": reason}
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=new, message=reason[:200])
    sync_has_card(member_ids=[card.member_id])
    return new


# ---------------------------------------------------------------------------------------------
# Designs


DESIGN_FIELDS = ["name", "party_name", "title", "primary_color", "text_color", "back_text"]
DESIGN_IMAGES = ["logo", "front_background", "back_background"]


@transaction.atomic
def design_save(*, design: CardDesign | None, data: dict, images: dict, actor: User, activate: bool) -> CardDesign:
    """Create a design or change one. A design already used by cards is never changed in place:
    the change becomes a new design (cards keep the artwork they were printed with)."""
    ensure_role(actor, DESIGNERS, _("change card designs"))
    base = design
    if design is None or (design.pk and design.cards.exists()):
        design = CardDesign(created_by=actor)
        if base is not None:
            for name in DESIGN_FIELDS + DESIGN_IMAGES:
                setattr(design, name, getattr(base, name))
    for name in DESIGN_FIELDS:
        if name in data:
            setattr(design, name, data[name])
    for name, content in images.items():
        if content is not None:
            getattr(design, name).save(content.name, content, save=False)
    design.is_active = False if activate else design.is_active
    design.full_clean()
    design.save()
    if activate:
        design_activate(design=design, actor=actor)
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE if base else AuditEvent.Action.CREATE, obj=design)
    return design


@transaction.atomic
def design_activate(*, design: CardDesign, actor: User) -> CardDesign:
    ensure_role(actor, DESIGNERS, _("change card designs"))
    CardDesign.objects.select_for_update().filter(is_active=True).exclude(pk=design.pk).update(is_active=False)
    CardDesign.objects.filter(pk=design.pk).update(is_active=True)
    design.is_active = True
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=design, changes={"is_active": [False, True]})
    return design
