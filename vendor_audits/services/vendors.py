"""Vendors, their contracts and deliveries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent, User
from vendor_audits.models import Delivery, Vendor, VendorContract
from vendor_audits.services.common import _authorize


def vendor_create(
    *, actor: User, name: str, tax_id: str = "", contact_name: str = "", email: str = "", phone: str = ""
) -> Vendor:
    _authorize(actor, _("register vendors"))
    vendor = Vendor(name=name.strip(), tax_id=tax_id, contact_name=contact_name, email=email, phone=phone)
    vendor.full_clean()
    with transaction.atomic():
        vendor.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=vendor)
    return vendor


def contract_create(
    *,
    actor: User,
    vendor: Vendor,
    number: str,
    unit_price: Decimal,
    aql: str,
    starts_on: date,
    ends_on: date | None = None,
) -> VendorContract:
    _authorize(actor, _("register vendor contracts"))
    contract = VendorContract(
        vendor=vendor, number=number.strip(), unit_price=unit_price, aql=aql, starts_on=starts_on, ends_on=ends_on
    )
    contract.full_clean()
    with transaction.atomic():
        contract.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=contract)
    return contract


def delivery_create(
    *, actor: User, contract: VendorContract, number: str, delivered_on: date, notes: str = ""
) -> Delivery:
    _authorize(actor, _("register deliveries"))
    delivery = Delivery(contract=contract, number=number.strip(), delivered_on=delivered_on, notes=notes)
    delivery.full_clean()
    with transaction.atomic():
        delivery.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=delivery)
    return delivery
