"""Printers, maintenance and consumable stock. Stock changes only through movements."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from carnets.models import Consumable, MaintenanceRecord, PrintBatch, Printer, StockMovement
from carnets.roles import CARD_WORKERS
from core.audit import audit_record
from core.models import AuditEvent
from core.permissions import ensure_role

if TYPE_CHECKING:
    from core.models import User

SIDES_PER_CARD = 2  # front and back: one ribbon panel set each


def _consumables_for(printer: Printer | None) -> tuple[Consumable | None, Consumable | None]:
    """The PVC cards and ribbon a printer uses: its own, else the only active one of that kind."""

    def pick(own, kind):
        if own is not None:
            return own
        candidates = list(Consumable.objects.filter(kind=kind, is_active=True)[:2])
        return candidates[0] if len(candidates) == 1 else None

    if printer is None:
        return pick(None, Consumable.Kind.PVC), pick(None, Consumable.Kind.RIBBON)
    return pick(printer.card_stock, Consumable.Kind.PVC), pick(printer.ribbon, Consumable.Kind.RIBBON)


def stock_needs(*, cards: int, printer: Printer | None) -> list[dict]:
    """What printing `cards` cards takes from stock: [{consumable, needed, missing}]."""
    pvc, ribbon = _consumables_for(printer)
    needs = []
    for consumable, needed in ((pvc, cards), (ribbon, cards * SIDES_PER_CARD)):
        if consumable is not None:
            consumable.refresh_from_db(fields=["stock"])
        needs.append(
            {
                "consumable": consumable,
                "needed": needed,
                "missing": needed if consumable is None else max(0, needed - consumable.stock),
            }
        )
    return needs


def stock_shortages(*, cards: int, printer: Printer | None) -> list[str]:
    """Spanish messages, one per supply that is missing or short for `cards` cards."""
    messages = []
    for kind, need in zip(
        (_("PVC cards"), _("ribbon panel sets")), stock_needs(cards=cards, printer=printer), strict=True
    ):
        consumable = need["consumable"]
        if consumable is None:
            messages.append(
                _("No %(kind)s supply is set for this printer (or there are several and none is chosen).")
                % {"kind": kind}
            )
        elif need["missing"]:
            messages.append(
                _("Not enough %(name)s: %(needed)s needed, %(stock)s in stock (%(missing)s missing).")
                % {
                    "name": consumable.name,
                    "needed": _count(need["needed"]),
                    "stock": _count(consumable.stock),
                    "missing": _count(need["missing"]),
                }
            )
    return messages


def _count(value: int) -> str:
    """A quantity as people read it here (1.084)."""
    return number_format(value, force_grouping=True)


def _apply(consumable: Consumable, quantity: int, **fields) -> StockMovement:
    consumable = Consumable.objects.select_for_update().get(pk=consumable.pk)
    balance = consumable.stock + quantity
    if balance < 0:
        raise ValidationError(
            _("%(name)s has %(stock)s in stock; %(quantity)s cannot be taken.")
            % {"name": consumable.name, "stock": _count(consumable.stock), "quantity": _count(-quantity)}
        )
    movement = StockMovement(consumable=consumable, quantity=quantity, balance=balance, **fields)
    movement.full_clean()
    Consumable.objects.filter(pk=consumable.pk).update(stock=balance)
    movement.save()
    return movement


@transaction.atomic
def stock_purchase(
    *, consumable: Consumable, quantity: int, supplier: str, cost: Decimal | None, actor: User, rolls: bool = False
) -> StockMovement:
    ensure_role(actor, CARD_WORKERS, _("record supply purchases"))
    if quantity <= 0:
        raise ValidationError(_("A purchase adds a positive quantity."))
    if not supplier.strip():
        raise ValidationError(_("Name the supplier."))
    units = quantity * consumable.panels_per_roll if rolls and consumable.panels_per_roll else quantity
    movement = _apply(
        consumable,
        units,
        kind=StockMovement.Kind.PURCHASE,
        supplier=supplier.strip(),
        cost=cost,
        created_by=actor,
        reason=_("%(n)s rolls") % {"n": quantity} if units != quantity else "",
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=movement)
    return movement


@transaction.atomic
def stock_adjust(*, consumable: Consumable, quantity: int, reason: str, actor: User) -> StockMovement:
    ensure_role(actor, CARD_WORKERS, _("adjust supply stock"))
    if quantity == 0:
        raise ValidationError(_("An adjustment changes the stock: give a quantity other than zero."))
    if not reason.strip():
        raise ValidationError(_("An adjustment needs its reason."))
    movement = _apply(consumable, quantity, kind=StockMovement.Kind.ADJUSTMENT, reason=reason.strip(), created_by=actor)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=movement)
    return movement


def stock_consume_for_batch(*, batch: PrintBatch, cards: int, printer: Printer, actor: User) -> list[StockMovement]:
    """Inside the caller's transaction: take PVC cards and ribbon panels for `cards` printed cards.

    Raises before writing anything if any supply is short.
    """
    ensure_role(actor, CARD_WORKERS, _("take supplies from stock"))
    shortages = stock_shortages(cards=cards, printer=printer)
    if shortages:
        raise ValidationError(shortages)
    movements = []
    for need in stock_needs(cards=cards, printer=printer):
        movements.append(
            _apply(
                need["consumable"],
                -need["needed"],
                kind=StockMovement.Kind.CONSUMPTION,
                batch=batch,
                created_by=actor,
                reason=_("Batch #%(id)s: %(n)s cards") % {"id": batch.pk, "n": cards},
            )
        )
    return movements


def low_stock() -> QuerySet[Consumable]:
    return Consumable.objects.filter(is_active=True, stock__lte=F("reorder_level"))


def stock_reminders_send() -> dict[str, int]:
    """Daily: e-mail the card team about low stock and printers due for maintenance."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.utils import timezone

    from carnets.selectors import card_team_emails

    low = list(low_stock())
    due = list(
        Printer.objects.exclude(status=Printer.Status.RETIRED).filter(next_maintenance_on__lte=timezone.localdate())
    )
    if not (low or due):
        return {"low": 0, "due": 0, "sent_to": 0}
    recipients = card_team_emails()
    if recipients:
        lines = [_("Supplies at or below their reorder level:")] if low else []
        lines += [f"- {c.name}: {c.stock} {c.unit} ({_('reorder at')} {c.reorder_level})" for c in low]
        if due:
            lines += ["", _("Printers due for maintenance:")]
            lines += [f"- {p}: {p.next_maintenance_on:%d/%m/%Y} ({p.location})" for p in due]
        send_mail(_("Card supplies and printer maintenance"), "\n".join(lines), settings.DEFAULT_FROM_EMAIL, recipients)
    return {"low": len(low), "due": len(due), "sent_to": len(recipients)}


# ---------------------------------------------------------------------------------------------
# Printers


@transaction.atomic
def printer_save(*, printer: Printer, actor: User) -> Printer:
    ensure_role(actor, CARD_WORKERS, _("change printers"))
    creating = printer.pk is None
    printer.full_clean()
    printer.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE, obj=printer)
    return printer


@transaction.atomic
def maintenance_record(*, record: MaintenanceRecord, actor: User) -> MaintenanceRecord:
    """Record maintenance; the printer's next due date and firmware version follow the record."""
    ensure_role(actor, CARD_WORKERS, _("record printer maintenance"))
    record.created_by = actor
    record.full_clean()
    record.save()
    printer = Printer.objects.select_for_update().get(pk=record.printer_id)
    changed = []
    if record.next_due_on:
        printer.next_maintenance_on = record.next_due_on
        changed.append("next_maintenance_on")
    if record.kind == MaintenanceRecord.Kind.FIRMWARE and record.firmware_version:
        printer.firmware_version = record.firmware_version
        changed.append("firmware_version")
    if changed:
        printer.save(update_fields=changed)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=record)
    return record
