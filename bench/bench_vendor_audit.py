"""Vendor digitization audit with a long history: one vendor, 3 contracts, 3,000 decided boxes of
500 forms (50 sampled forms each, 150,000 compared forms). Figures: the vendor page (ms, queries) and
the ISO 2859-1 switching replay that every audit start and decision runs (ms for 1,000 boxes)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

CONTRACTS = 3
BOXES_PER_CONTRACT = 1_000
SAMPLE = 50


def ensure_history(admin):
    from django.utils import timezone

    from vendor_audits.models import BoxAudit, Delivery, FormBox, SampleItem, Vendor, VendorContract

    vendor, _ = Vendor.objects.get_or_create(name="Bench Digitalización SAS", defaults={"tax_id": "900000001"})
    if BoxAudit.objects.filter(box__delivery__contract__vendor=vendor).count() >= CONTRACTS * BOXES_PER_CONTRACT:
        return vendor
    rng = random.Random(2859)
    start = timezone.make_aware(datetime(2024, 1, 1, 9, 0))
    for c in range(CONTRACTS):
        contract, _ = VendorContract.objects.get_or_create(
            number=f"BENCH-{c + 1}",
            defaults={"vendor": vendor, "unit_price": Decimal("850"), "aql": "2.5", "starts_on": date(2024, 1, 1)},
        )
        deliveries = Delivery.objects.bulk_create(
            [
                Delivery(contract=contract, number=f"S-{w:03}", delivered_on=date(2024, 1, 1) + timedelta(weeks=w))
                for w in range(BOXES_PER_CONTRACT // 20)
            ]
        )
        boxes = FormBox.objects.bulk_create(
            [
                FormBox(
                    delivery=deliveries[n // 20],
                    code=f"B{c + 1}-{n:05}",
                    forms_declared=500,
                    received_on=deliveries[n // 20].delivered_on,
                    status=FormBox.Status.ACCEPTED,
                )
                for n in range(BOXES_PER_CONTRACT)
            ]
        )
        audits = []
        for n, box in enumerate(boxes):
            bad = rng.choice([0] * 10 + [1] * 5 + [2] * 3 + [3, 4])  # about 1 box in 20 rejected
            audits.append(
                BoxAudit(
                    box=box,
                    round=1,
                    lot_size=500,
                    aql="2.5",
                    code_letter="H",
                    sample_size=SAMPLE,
                    accept_number=3,
                    reject_number=4,
                    seed=n,
                    positions=list(range(1, SAMPLE + 1)),
                    result=BoxAudit.Result.ACCEPTED if bad <= 3 else BoxAudit.Result.REJECTED,
                    nonconforming=bad,
                    auditor=admin,
                    decided_at=start + timedelta(hours=6 * n),
                )
            )
        audits = BoxAudit.objects.bulk_create(audits, batch_size=1000)
        SampleItem.objects.bulk_create(
            (
                SampleItem(
                    audit=audit,
                    position=p,
                    checked=True,
                    discrepancies=["signature"] if p <= audit.nonconforming else [],
                )
                for audit in audits
                for p in range(1, SAMPLE + 1)
            ),
            batch_size=5000,
        )
    return vendor


def run() -> dict:
    from django.test import Client

    from bench.common import measure_page, time_calls
    from core.models import User
    from core.roles import Role
    from core.tests.factories import login, make_user
    from vendor_audits.services import contract_switching_state

    admin = User.objects.filter(username="bench-auditor").first() or make_user("bench-auditor", Role.NATIONAL_ADMIN)
    vendor = ensure_history(admin)
    client = Client()
    login(client, admin)
    contract = vendor.contracts.order_by("number").first()
    return {
        "contracts": CONTRACTS,
        "decided_boxes": CONTRACTS * BOXES_PER_CONTRACT,
        "sampled_forms": CONTRACTS * BOXES_PER_CONTRACT * SAMPLE,
        "vendor_page": measure_page(client, f"/digitalizacion/proveedores/{vendor.pk}/", repeat=30),
        "switching_replay_1000_boxes": time_calls(lambda: contract_switching_state(contract=contract), repeat=50),
        "inspection_now": contract_switching_state(contract=contract).severity,
    }
