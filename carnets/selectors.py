"""Reads, always scoped to the user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from carnets.models import Card, CardStatusChange, Jornada, PrintBatch
from core.filtering import filter_by
from core.ordering import spanish_key
from core.roles import Role

if TYPE_CHECKING:
    from core.models import User
    from militancia.models import Member
    from rosters.models import RosterUpload

# Cards listed or printed by person: Spanish order of last names, first names (never byte order).
CARD_NAME_ORDER = (spanish_key("member__last_names"), spanish_key("member__first_names"), "id")


def member_cards(*, member: Member, user: User) -> list[Card]:
    """A member's cards with their history (two queries)."""
    cards = list(
        Card.objects.visible_to(user)
        .filter(member=member)
        .select_related("batch", "jornada", "design", "member__territory")
        .order_by("-version")
    )
    history = CardStatusChange.objects.filter(card__in=[c.pk for c in cards]).select_related("actor").order_by("at")
    by_card: dict[int, list] = {}
    for row in history:
        by_card.setdefault(row.card_id, []).append(row)
    for card in cards:
        card.history_rows = by_card.get(card.pk, [])
    return cards


def _card_search(cards, q: str):
    """Cards whose number, member's ID number or member's name matches `q`."""
    q = (q or "").strip()
    if not q:
        return cards
    digits = "".join(ch for ch in q if ch.isdigit())
    condition = Q(number__iexact=q)
    if digits and len(digits) >= 3:
        condition |= Q(member__id_number=digits)
    from militancia.models import Member

    condition |= Q(member__in=Member.objects.search(q).values("pk")[:5000])
    return cards.filter(condition)


def card_list(*, user: User, filters: dict) -> QuerySet[Card]:
    cards = _card_search(Card.objects.visible_to(user).select_related("member__territory", "printer"), filters.get("q"))
    if filters.get("status"):
        cards = cards.filter(status=filters["status"])
    if filters.get("territory"):
        from core.models import Territory

        cards = cards.filter(member__territory__in=Territory.objects.subtree([filters["territory"]]).values("pk"))
    cards = filter_by(cards, filters, {"printed_from": "printed_at__date__gte", "printed_to": "printed_at__date__lte"})
    if filters.get("only_printed"):
        cards = cards.filter(printed_at__isnull=False)
    return cards.order_by("-created_at", "-id")


def batch_cards(*, batch: PrintBatch, q: str = "") -> QuerySet[Card]:
    """A batch's cards in Spanish alphabetical order of the member (last names, then first names),
    the order of the printed sheets; optionally searched by card number, ID number or name."""
    cards = _card_search(batch.cards.select_related("member"), q)
    return cards.order_by(*CARD_NAME_ORDER)


def roster_members(*, upload: RosterUpload) -> QuerySet[Member]:
    """Members a roster upload created or matched."""
    from militancia.models import Member
    from rosters.models import RosterRow

    condition = Q(source=Member.Source.ROSTER, source_ref=str(upload.pk))
    condition |= Q(pk__in=RosterRow.objects.filter(upload=upload, member__isnull=False).values("member_id"))
    return Member.objects.filter(condition)


def jornada_members(*, jornada: Jornada) -> QuerySet[Member]:
    from militancia.models import Member

    return Member.objects.filter(
        Q(pk__in=jornada.registrations.values("member_id"))
        | Q(pk__in=Card.objects.filter(jornada=jornada).values("member_id"))
    )


def batch_list(*, user: User) -> QuerySet[PrintBatch]:
    return PrintBatch.objects.visible_to(user).select_related("printer", "created_by", "job", "territory")


def jornada_list(*, user: User) -> QuerySet[Jornada]:
    return Jornada.objects.visible_to(user).select_related("territory", "printer")


def card_team_emails() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[Role.CARDS.value, Role.NATIONAL_ADMIN.value])
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))
