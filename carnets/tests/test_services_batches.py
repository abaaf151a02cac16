import pytest
from django.core.exceptions import ValidationError

from carnets import services
from carnets.models import Card, Consumable, PrintBatch, StockMovement
from carnets.tests.factories import stocked_printer
from militancia.models import Member
from militancia.tests.factories import MemberFactory


def _batch(user, members=None, printer=None, **kwargs):
    return services.batch_create(
        actor=user,
        members=members if members is not None else Member.objects.all(),
        name="Lote",
        layout="cr80",
        selection="filtros",
        printer=printer,
        **kwargs,
    )


def test_it_creates_a_batch_of_pending_cards(alice, design, territories):
    MemberFactory.create_batch(3)
    MemberFactory(status="renuncio")
    batch = _batch(alice)
    assert batch.card_count == 3
    assert Card.objects.filter(batch=batch, status="pendiente").count() == 3
    assert len(set(Card.objects.values_list("number", flat=True))) == 3


def test_it_refuses_a_zero_card_batch(alice, design, territories):
    with pytest.raises(ValidationError, match="vacío|empty"):
        _batch(alice)
    assert not PrintBatch.objects.exists()


def test_it_skips_members_who_already_hold_a_card(alice, design, territories):
    members = MemberFactory.create_batch(2)
    card = services.card_issue(member=members[0], actor=alice)
    services.card_mark_printed(card=card, printer=stocked_printer(2), actor=alice)
    batch = _batch(alice)
    assert batch.card_count == 1


def test_marking_printed_consumes_stock_and_returns_failed_cards(alice, design, territories):
    MemberFactory.create_batch(4)
    printer = stocked_printer(10)
    batch = _batch(alice, printer=printer)
    PrintBatch.objects.filter(pk=batch.pk).update(status="listo")
    failed = batch.cards.order_by("id").first()
    batch = services.batch_mark_printed(batch=batch, actor=alice, printer=printer, failed_numbers=[failed.number])
    assert batch.status == "impreso"
    assert batch.printed_count == 3
    assert batch.failed_numbers == [failed.number]
    failed.refresh_from_db()
    assert failed.status == "pendiente"
    assert failed.batch is None
    assert Card.objects.filter(status="impreso", printer=printer).count() == 3
    assert Member.objects.filter(has_card=True).count() == 3
    printer.card_stock.refresh_from_db()
    printer.ribbon.refresh_from_db()
    assert printer.card_stock.stock == 7  # one PVC card per printed card
    assert printer.ribbon.stock == 20 - 6  # a ribbon panel set per side
    assert StockMovement.objects.filter(batch=batch, kind="consumo").count() == 2


def test_it_refuses_to_print_without_stock_and_writes_nothing(alice, design, territories):
    MemberFactory.create_batch(3)
    printer = stocked_printer(2)
    batch = _batch(alice, printer=printer)
    with pytest.raises(ValidationError) as error:
        services.batch_render_start(batch=batch, actor=alice)
    assert "3" in " ".join(error.value.messages)
    PrintBatch.objects.filter(pk=batch.pk).update(status="listo")
    with pytest.raises(ValidationError):
        services.batch_mark_printed(batch=batch, actor=alice, printer=printer)
    assert not Card.objects.filter(status="impreso").exists()
    assert not StockMovement.objects.exists()
    assert Consumable.objects.get(pk=printer.card_stock_id).stock == 2


def test_unknown_failed_numbers_are_refused(alice, design, territories):
    MemberFactory.create_batch(2)
    printer = stocked_printer(10)
    batch = _batch(alice, printer=printer)
    PrintBatch.objects.filter(pk=batch.pk).update(status="listo")
    with pytest.raises(ValidationError, match="C99999999"):
        services.batch_mark_printed(batch=batch, actor=alice, printer=printer, failed_numbers=["C99999999"])
    assert PrintBatch.objects.get(pk=batch.pk).status == "listo"


def test_render_writes_the_pdf(alice, design, territories):
    MemberFactory.create_batch(2)
    batch = _batch(alice, printer=stocked_printer(10))
    PrintBatch.objects.filter(pk=batch.pk).update(status="generando")
    batch = services.batch_render(batch_id=batch.pk)
    assert batch.status == "listo"
    assert batch.pdf.size > 1000


def test_cancel_puts_cards_back(alice, design, territories):
    MemberFactory.create_batch(2)
    batch = services.batch_cancel(batch=_batch(alice), actor=alice)
    assert batch.status == "cancelado"
    assert Card.objects.filter(batch__isnull=True, status="pendiente").count() == 2
    # The same members can go into a new batch.
    assert _batch(alice).card_count == 2
