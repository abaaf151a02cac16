"""Demo data for `make run` (called by core's seed_demo after militancia's). Safe to run again."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from carnets.models import CardDesign, Consumable, Jornada, MaintenanceRecord, PrintBatch, Printer
from core.models import Territory

BACK_TEXT = (
    "Este carnet acredita a su titular como militante del partido. Es personal e intransferible. "
    "Verifique su validez escaneando el código QR. Si lo encuentra, entréguelo en cualquier sede del partido."
)


@transaction.atomic
def seed(stdout, members: int = 2000) -> None:
    from carnets import services
    from militancia.models import Member

    if CardDesign.objects.exists():
        stdout.write("Carnetización: los datos de demostración ya existen.")
        return
    user = get_user_model().objects.filter(username="carnetizacion").first()
    CardDesign.objects.create(
        name="Diseño 2026",
        party_name="Partido Demo de Colombia",
        title="CARNET DE MILITANTE",
        back_text=BACK_TEXT,
        is_active=True,
        created_by=user,
    )
    pvc = Consumable.objects.create(name="Tarjetas PVC CR80 blancas", kind="pvc", unit="tarjetas", reorder_level=300)
    ribbon = Consumable.objects.create(
        name="Cinta YMCKO 300 impresiones",
        kind="ribbon",
        unit="juegos de paneles",
        panels_per_roll=300,
        reorder_level=600,
    )
    kit = Consumable.objects.create(name="Kit de limpieza", kind="limpieza", unit="kits", reorder_level=2)
    services.stock_purchase(consumable=pvc, quantity=1000, supplier="Plásticos Andinos S.A.S.", cost=650000, actor=user)
    services.stock_purchase(
        consumable=ribbon, quantity=4, supplier="Suministros de Impresión Ltda.", cost=1480000, actor=user, rolls=True
    )
    services.stock_purchase(
        consumable=kit, quantity=1, supplier="Suministros de Impresión Ltda.", cost=95000, actor=user
    )
    today = timezone.localdate()
    office = Printer.objects.create(
        model_name="Evolis Primacy 2",
        serial="EP2-0001",
        location="Sede nacional, Bogotá",
        firmware_version="3.2.1",
        software_version="Evolis Premium Suite 2",
        card_stock=pvc,
        ribbon=ribbon,
    )
    field_kit = Printer.objects.create(
        model_name="Zebra ZC300",
        serial="ZC3-0042",
        location="Kit de jornadas 1",
        firmware_version="1.4.0",
        card_stock=pvc,
        ribbon=ribbon,
    )
    services.maintenance_record(
        record=MaintenanceRecord(
            printer=field_kit,
            kind="limpieza",
            done_on=today - timedelta(days=95),
            cost=0,
            next_due_on=today - timedelta(days=5),
            description="Limpieza de rodillos",
        ),
        actor=user,
    )
    medellin = Territory.objects.filter(code="05001").first()
    if medellin is not None:
        jornada = Jornada.objects.create(
            name="Jornada de carnetización Comuna 13",
            territory=medellin,
            place="Casa de la cultura, San Javier",
            starts_on=today,
            ends_on=today + timedelta(days=1),
            printer=field_kit,
            linked_event="Foro juvenil",
            created_by=user,
        )
        if user is not None:
            jornada.team.add(user)
    active = Member.objects.filter(status=Member.Status.ACTIVE).order_by("pk")
    sample = Member.objects.filter(pk__in=list(active.values_list("pk", flat=True)[:60]))
    if sample.exists():
        batch = services.batch_create(
            actor=user,
            members=sample,
            name="Lote de demostración",
            layout="a4",
            selection=PrintBatch.Selection.FILTERS,
            selection_detail="Demostración",
            printer=office,
        )
        PrintBatch.objects.filter(pk=batch.pk).update(status=PrintBatch.Status.READY)
        batch.refresh_from_db()
        failed = list(batch.cards.values_list("number", flat=True)[:2])
        services.batch_mark_printed(batch=batch, actor=user, printer=office, failed_numbers=failed)
        for card in batch.cards.filter(status="impreso").select_related("member")[:15]:
            services.card_deliver(card=card, actor=user, delivered_to=card.member.full_name, place="Sede nacional")
    stdout.write("Carnetización: diseño, impresoras, insumos, una jornada y un lote impreso de demostración.")
