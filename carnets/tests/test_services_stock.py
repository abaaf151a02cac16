from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from carnets import services
from carnets.models import Consumable, MaintenanceRecord, StockMovement
from carnets.tasks import stock_and_maintenance_reminders
from carnets.tests.factories import ConsumableFactory, PrinterFactory, stocked_printer
from core.roles import Role
from core.tests.factories import make_user


def test_purchase_and_adjustment_move_stock(alice, db):
    pvc = ConsumableFactory(stock=0)
    services.stock_purchase(
        consumable=pvc, quantity=500, supplier="Tarjetas S.A.S.", cost=Decimal("250000"), actor=alice
    )
    services.stock_adjust(consumable=pvc, quantity=-3, reason="Tarjetas dañadas", actor=alice)
    pvc.refresh_from_db()
    assert pvc.stock == 497
    assert list(pvc.movements.order_by("id").values_list("kind", "quantity", "balance")) == [
        ("compra", 500, 500),
        ("ajuste", -3, 497),
    ]


def test_ribbon_purchase_in_rolls_counts_panel_sets(alice, db):
    ribbon = ConsumableFactory(kind=Consumable.Kind.RIBBON, panels_per_roll=250)
    services.stock_purchase(consumable=ribbon, quantity=2, supplier="X", cost=None, actor=alice, rolls=True)
    ribbon.refresh_from_db()
    assert ribbon.stock == 500


def test_stock_never_goes_negative(alice, db):
    pvc = ConsumableFactory(stock=2)
    with pytest.raises(ValidationError):
        services.stock_adjust(consumable=pvc, quantity=-5, reason="Inventario", actor=alice)
    with pytest.raises(ValidationError):
        services.stock_adjust(consumable=pvc, quantity=-1, reason="  ", actor=alice)
    with pytest.raises(ValidationError):
        services.stock_purchase(consumable=pvc, quantity=0, supplier="X", cost=None, actor=alice)
    pvc.refresh_from_db()
    assert pvc.stock == 2
    assert not StockMovement.objects.exists()


def test_maintenance_sets_next_due_and_firmware(alice, db):
    printer = PrinterFactory(firmware_version="1.0")
    due = timezone.localdate() + timedelta(days=90)
    services.maintenance_record(
        record=MaintenanceRecord(
            printer=printer,
            kind="firmware",
            done_on=timezone.localdate(),
            cost=Decimal("0"),
            firmware_version="2.1",
            next_due_on=due,
        ),
        actor=alice,
    )
    printer.refresh_from_db()
    assert printer.next_maintenance_on == due
    assert printer.firmware_version == "2.1"


def test_reminder_task_mails_low_stock_and_due_printers(alice, db):
    ConsumableFactory(name="PVC CR80", stock=5, reorder_level=10)
    ConsumableFactory(name="Cinta YMCKO", stock=500, reorder_level=10)
    PrinterFactory(next_maintenance_on=timezone.localdate() - timedelta(days=1))
    result = stock_and_maintenance_reminders()
    assert result["low"] == 1
    assert result["due"] == 1
    assert len(mail.outbox) == 1
    assert "PVC CR80" in mail.outbox[0].body
    assert "Cinta YMCKO" not in mail.outbox[0].body


def test_the_demo_data_loads_twice(alice, territories):
    import io

    from carnets import demo
    from carnets.models import Card
    from militancia.tests.factories import MemberFactory

    make_user("carnetizacion", Role.CARDS)  # seed_demo creates the demo accounts first; the services check roles
    MemberFactory.create_batch(5)
    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    assert Card.objects.filter(status="entregado").count() == 3
    assert Card.objects.filter(status="pendiente").count() == 2


def test_a_shortage_reads_its_quantities_with_thousands_separators(db):
    printer = stocked_printer(cards=1500)
    pvc_message = services.stock_shortages(cards=2000, printer=printer)[0]
    assert "1.500" in pvc_message
