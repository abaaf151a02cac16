from carnets.models import Consumable, Printer
from carnets.tests.factories import ConsumableFactory, PrinterFactory
from core.tests.permissions import ANONYMOUS, LOGIN, assert_statuses


def test_stock_pages_permission_matrix(client, nobody, bob, reader, alice, login_as, db):
    pvc = ConsumableFactory()
    printer = PrinterFactory()
    urls = (
        "/carnets/insumos/",
        f"/carnets/insumos/{pvc.pk}/",
        "/carnets/impresoras/",
        f"/carnets/impresoras/{printer.pk}/",
    )
    assert_statuses(client, urls, {ANONYMOUS: LOGIN, nobody: 403, bob: 403, reader: 200, alice: 200})
    assert (
        login_as(reader)
        .post(f"/carnets/insumos/{pvc.pk}/", {"kind": "adjust", "a-quantity": 5, "a-reason": "x"})
        .status_code
        == 403
    )


def test_purchase_adjustment_and_low_stock_widget(alice, login_as, db):
    client = login_as(alice)
    client.post(
        "/carnets/insumos/nuevo/",
        {
            "name": "PVC CR80",
            "kind": "pvc",
            "unit": "tarjetas",
            "panels_per_roll": 0,
            "reorder_level": 100,
            "is_active": "on",
        },
    )
    pvc = Consumable.objects.get()
    client.post(
        f"/carnets/insumos/{pvc.pk}/",
        {"kind": "purchase", "p-quantity": 50, "p-supplier": "Proveedor", "p-cost": "120000"},
    )
    pvc.refresh_from_db()
    assert pvc.stock == 50
    home = client.get("/").content.decode()
    assert "Insumos en nivel de reposición" in home
    body = client.post(
        f"/carnets/insumos/{pvc.pk}/", {"kind": "adjust", "a-quantity": -80, "a-reason": "Inventario"}
    ).content.decode()
    assert "no se pueden" in body or "no se puede" in body
    pvc.refresh_from_db()
    assert pvc.stock == 50


def test_printer_with_maintenance(alice, login_as, db):
    client = login_as(alice)
    client.post(
        "/carnets/impresoras/nueva/",
        {"model_name": "Evolis Primacy 2", "serial": "E1", "location": "Kit 1", "status": "activa"},
    )
    printer = Printer.objects.get()
    client.post(
        f"/carnets/impresoras/{printer.pk}/",
        {"kind": "limpieza", "done_on": "2026-01-10", "cost": "0", "next_due_on": "2026-01-01"},
    )
    assert not printer.maintenance.exists()  # next due before the maintenance date is refused
    client.post(
        f"/carnets/impresoras/{printer.pk}/",
        {"kind": "limpieza", "done_on": "2026-01-10", "cost": "0", "next_due_on": "2026-04-10"},
    )
    printer.refresh_from_db()
    assert printer.maintenance.count() == 1
    assert str(printer.next_maintenance_on) == "2026-04-10"


def test_stock_reads_with_thousands_separators(alice, login_as, db):
    client = login_as(alice)
    pvc = ConsumableFactory(unit="tarjetas", reorder_level=1500)
    client.post(
        f"/carnets/insumos/{pvc.pk}/",
        {"kind": "purchase", "p-quantity": 1200, "p-supplier": "Proveedor", "p-cost": "120000"},
    )
    listing = client.get("/carnets/insumos/").content.decode()
    assert "1.200 tarjetas" in listing


def test_a_purchase_shows_its_cost_in_colombian_pesos(alice, login_as, db):
    client = login_as(alice)
    pvc = ConsumableFactory()
    client.post(
        f"/carnets/insumos/{pvc.pk}/",
        {"kind": "purchase", "p-quantity": 10, "p-supplier": "Proveedor", "p-cost": "95000"},
    )
    body = client.get(f"/carnets/insumos/{pvc.pk}/").content.decode()
    assert "Proveedor · $ 95.000,00" in body
