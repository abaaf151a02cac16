"""Screenshots of the operations pages (org chart, vendor audit, targets) with realistic data."""

import os
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from core.roles import Role
from core.tests.browser import log_in, log_in_with_second_factor
from core.tests.factories import make_user, territory
from militancia.tests.factories import MemberFactory

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "party_bodies"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed"),
]


@pytest.fixture
def page(browser_page):
    return browser_page


def test_org_chart_and_targets(live_server, transactional_db, page):
    from party_bodies import services as offices
    from party_bodies.models import Office
    from targets import services as targets

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    antioquia, medellin = territory("05"), territory("05001")
    bob = make_user("bob", Role.REGIONAL_COORDINATOR, territories=[antioquia])
    alice_like = make_user("ana-admin", Role.NATIONAL_ADMIN)
    body = offices.body_create(actor=bob, territory=antioquia)
    offices.body_create(actor=bob, territory=medellin)
    today = timezone.localdate()
    names = [("Gloria", "Restrepo"), ("Juan Camilo", "Arango"), ("Luz Marina", "Ospina"), ("Andrés", "Zuluaga")]
    titles = [Office.Title.PRESIDENT, Office.Title.VP_WOMEN, Office.Title.TRAINING, Office.Title.ELECTORAL]
    for (first, last), title in zip(names, titles, strict=True):
        offices.term_assign(
            actor=bob,
            office=body.offices.get(title=title),
            member=MemberFactory(territory=medellin, first_names=first, last_names=last),
            starts_on=today - timedelta(days=400),
            ends_on=today + timedelta(days=20 if title == Office.Title.ELECTORAL else 700),
        )
    offices.term_assign(
        actor=bob,
        office=body.offices.get(title=Office.Title.SECRETARY),
        member=MemberFactory(territory=medellin, first_names="Pedro", last_names="Gil"),
        starts_on=date(2021, 1, 1),
        ends_on=today - timedelta(days=3),
    )
    log_in(page, live_server.url, "bob", "Clave-de-prueba-2026")
    page.goto(f"{live_server.url}/organos/{body.pk}/")
    assert page.locator(".org-box.state-vacant").count() == 4
    assert page.locator(".org-box.state-expired").count() == 1
    page.screenshot(path=str(ARTIFACTS / "org_chart.png"), full_page=True)

    period = today.replace(day=1)
    for n in range(12):
        MemberFactory(territory=medellin, joined_on=period, first_names=f"Nuevo {n}")
    MemberFactory(territory=territory("25"), joined_on=period)
    targets.indicators_compute(period=period)
    targets.target_set(
        actor=alice_like, territory=antioquia, period=period, indicator="members_total", value=Decimal(30)
    )
    targets.target_set(actor=alice_like, territory=antioquia, period=period, indicator="members_new", value=Decimal(10))
    page.goto(f"{live_server.url}/metas/")
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "targets_dashboard.png"), full_page=True)


def test_vendor_audit_pages(live_server, transactional_db, page):
    from vendor_audits import services

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    territory("05001")
    admin = make_user("auditora", Role.NATIONAL_ADMIN)
    vendor = services.vendor_create(actor=admin, name="Digitalizamos SAS", tax_id="900123456")
    contract = services.contract_create(
        actor=admin, vendor=vendor, number="C-2026-01", unit_price=Decimal("850"), aql="2.5", starts_on=date(2026, 1, 1)
    )
    delivery = services.delivery_create(actor=admin, contract=contract, number="S-47", delivered_on=date(2026, 11, 20))
    # Two rejections among the first three boxes: the contract switches to tightened inspection.
    for code, forms, bad in (("CJ-001", 500, 1), ("CJ-002", 320, 5), ("CJ-003", 90, 2)):
        box = services.box_register(
            actor=admin, delivery=delivery, code=code, forms_declared=forms, received_on=date(2026, 11, 20)
        )
        audit = services.audit_start(box=box, actor=admin, seed=7)
        for index, position in enumerate(audit.positions):
            fields = ["signature", "names"][: 1 + index % 2] if index < bad else []
            services.sample_record(audit=audit, position=position, actor=admin, discrepancies=fields)
        services.audit_decide(audit=audit, actor=admin)
    open_box = services.box_register(
        actor=admin, delivery=delivery, code="CJ-004", forms_declared=150, received_on=date(2026, 11, 21)
    )
    audit = services.audit_start(box=open_box, actor=admin, seed=3)
    services.sample_record(audit=audit, position=audit.positions[0], actor=admin, discrepancies=["fingerprint"])
    log_in_with_second_factor(page, live_server.url, admin)
    page.goto(f"{live_server.url}/digitalizacion/proveedores/{vendor.pk}/")
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "vendor_page.png"), full_page=True)
    page.goto(f"{live_server.url}/digitalizacion/cajas/{open_box.pk}/")
    page.screenshot(path=str(ARTIFACTS / "box_audit.png"), full_page=True)
    assert "Inspección rigurosa" in page.content()  # CJ-004 was drawn on the tightened plan
    page.goto(f"{live_server.url}/digitalizacion/entregas/{delivery.pk}/")
    page.screenshot(path=str(ARTIFACTS / "delivery.png"), full_page=True)

    # Another vendor whose inspection was discontinued: five boxes rejected on tightened inspection.
    careless = services.vendor_create(actor=admin, name="Papeles Rápidos Ltda.", tax_id="800765432")
    careless_contract = services.contract_create(
        actor=admin,
        vendor=careless,
        number="C-2026-09",
        unit_price=Decimal("700"),
        aql="2.5",
        starts_on=date(2026, 1, 1),
    )
    shipment = services.delivery_create(
        actor=admin, contract=careless_contract, number="S-12", delivered_on=date(2026, 11, 20)
    )
    for n in range(1, 8):
        box = services.box_register(
            actor=admin, delivery=shipment, code=f"PR-{n:03}", forms_declared=10, received_on=date(2026, 11, 20)
        )
        audit = services.audit_start(box=box, actor=admin, seed=n)
        for index, position in enumerate(audit.positions):
            services.sample_record(
                audit=audit, position=position, actor=admin, discrepancies=["consent"] if index == 0 else []
            )
        services.audit_decide(audit=audit, actor=admin)
    page.goto(f"{live_server.url}/digitalizacion/proveedores/{careless.pk}/")
    page.wait_for_timeout(300)
    assert page.locator('[data-inspection="discontinued"]').count() == 1
    page.fill("textarea[name=corrective_action]", "Nuevo supervisor de calidad y doble digitación de cédulas.")
    page.screenshot(path=str(ARTIFACTS / "vendor_discontinued.png"), full_page=True)
    page.get_by_role("button", name="Reanudar la inspección").click()
    page.wait_for_load_state()
    assert page.locator('[data-inspection="tightened"]').count() == 1
