"""Carnets' sidebar entries, home-page counters and the member-page panel."""

from django.utils.translation import gettext_lazy as _

from carnets.roles import CARD_READERS, CARD_WORKERS, DESIGNERS, STOCK_READERS
from core.navigation import NavItem, Widget, register_nav, register_widget
from core.roles import Role
from militancia.panels import MemberPanel, register_member_panel


def _low_stock(user) -> int:
    from carnets.services import low_stock

    return low_stock().count()


def _pending_cards(user) -> int:
    from carnets.models import Card

    return Card.objects.visible_to(user).filter(status=Card.Status.PENDING).count()


def _maintenance_due(user) -> int:
    from django.utils import timezone

    from carnets.models import Printer

    return (
        Printer.objects.exclude(status=Printer.Status.RETIRED)
        .filter(next_maintenance_on__lte=timezone.localdate())
        .count()
    )


def _member_cards(member, user) -> dict:
    from carnets.selectors import member_cards

    return {"cards": member_cards(member=member, user=user), "can_work": user.has_role(*CARD_WORKERS)}


def register_items() -> None:
    section = _("Membership cards")
    register_nav(NavItem(_("Card register"), "carnets:card-list", "bi-person-badge", CARD_READERS, section, 50))
    register_nav(NavItem(_("Print batches"), "carnets:batch-list", "bi-printer", STOCK_READERS, section, 52))
    register_nav(NavItem(_("Registration drives"), "carnets:jornada-list", "bi-geo-alt", CARD_READERS, section, 54))
    register_nav(NavItem(_("Printers"), "carnets:printer-list", "bi-printer-fill", STOCK_READERS, section, 56))
    register_nav(NavItem(_("Supplies"), "carnets:consumable-list", "bi-box-seam", STOCK_READERS, section, 58))
    register_nav(NavItem(_("Card designs"), "carnets:design-list", "bi-palette", DESIGNERS, section, 59))
    register_widget(
        Widget(
            _("Cards waiting to be printed"), CARD_WORKERS, _pending_cards, "carnets:card-list", "bi-person-badge", 50
        )
    )
    register_widget(
        Widget(
            _("Supplies at reorder level"),
            (Role.NATIONAL_ADMIN, Role.CARDS),
            _low_stock,
            "carnets:consumable-list",
            "bi-box-seam",
            51,
            tone="danger",
            help_text=_("PVC cards, ribbons or kits at or below their reorder level."),
        )
    )
    register_widget(
        Widget(
            _("Printers due for maintenance"),
            (Role.NATIONAL_ADMIN, Role.CARDS),
            _maintenance_due,
            "carnets:printer-list",
            "bi-tools",
            52,
            tone="warning",
        )
    )
    register_member_panel(
        MemberPanel(
            key="cards",
            title=_("Membership cards"),
            template="carnets/member_panel.html",
            roles=CARD_READERS,
            get_context=_member_cards,
            order=20,
        )
    )
