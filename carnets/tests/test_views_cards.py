import csv
import io

import pytest

from carnets import services
from carnets.models import Card
from carnets.tests.factories import stocked_printer
from core.models import AuditEvent
from core.roles import Role
from core.tests.factories import make_user
from core.tests.permissions import ANONYMOUS, LOGIN, assert_statuses
from core.tests.search import search
from militancia.models import Member
from militancia.tests.factories import MemberFactory


@pytest.fixture
def card_antioquia(alice, design, member_antioquia):
    card = services.card_issue(member=member_antioquia, actor=alice)
    return services.card_mark_printed(card=card, printer=stocked_printer(5), actor=alice)


@pytest.fixture
def card_bogota(alice, design, member_bogota):
    return services.card_issue(member=member_bogota, actor=alice)


@pytest.mark.parametrize("url", ["/carnets/", "/carnets/exportar/"])
def test_it_requires_login_and_role(client, nobody, url, db):
    assert_statuses(client, url, {ANONYMOUS: LOGIN, nobody: 403})


def test_the_register_lists_cards_in_scope_only(
    bob, login_as, card_antioquia, card_bogota, django_assert_max_num_queries
):
    client = login_as(bob)
    with django_assert_max_num_queries(12):
        body = client.get("/carnets/").content.decode()
    assert card_antioquia.number in body
    assert card_bogota.number not in body
    assert client.get(f"/carnets/{card_bogota.pk}/").status_code == 404
    assert client.get(f"/carnets/{card_antioquia.pk}/").status_code == 200


def test_the_register_searches_by_number_and_document(alice, login_as, card_antioquia, card_bogota):
    client = login_as(alice)
    body = search(client, "/carnets/", q=card_bogota.number).content.decode()
    assert card_bogota.number in body
    assert card_antioquia.number not in body
    body = search(client, "/carnets/", q=card_antioquia.member.id_number).content.decode()
    assert card_antioquia.number in body
    assert card_bogota.number not in body


def test_the_register_keeps_the_document_out_of_the_address(alice, login_as, card_antioquia):
    number = card_antioquia.member.id_number
    response = search(login_as(alice), "/carnets/", q=number)
    assert number not in response.redirect_chain[-1][0]


def test_the_export_is_scoped_audited_and_formula_safe(bob, login_as, card_antioquia, card_bogota):
    card_antioquia.member.first_names = "=HYPERLINK(1)"
    card_antioquia.member.save()
    response = login_as(bob).get("/carnets/exportar/")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert len(rows) == 2
    assert rows[1][0] == card_antioquia.number
    assert rows[1][5] == "'=HYPERLINK(1)"
    assert AuditEvent.objects.filter(action="export", actor=bob).exists()


def test_coordinators_and_readers_cannot_change_cards(client, bob, reader, card_antioquia):
    url = f"/carnets/{card_antioquia.pk}/anular/"
    assert_statuses(client, url, {bob: 403, reader: 403}, method="post", data={"reason": "x"})
    card_antioquia.refresh_from_db()
    assert card_antioquia.status == "impreso"


def test_the_card_team_delivers_and_reprints(login_as, card_antioquia, db):
    carla = make_user("carla2", Role.CARDS)
    client = login_as(carla)
    client.post(f"/carnets/{card_antioquia.pk}/entregar/", {"delivered_to": "Titular", "place": "Sede"})
    card_antioquia.refresh_from_db()
    assert card_antioquia.status == "entregado"
    response = client.post(f"/carnets/{card_antioquia.pk}/reimprimir/", {"reason": "Dañado"})
    new = Card.objects.get(replaces=card_antioquia)
    assert response.url == f"/carnets/{new.pk}/"
    assert new.version == 2


def test_reprinting_a_revoked_card_shows_a_spanish_message(alice, login_as, card_antioquia):
    client = login_as(alice)
    client.post(f"/carnets/{card_antioquia.pk}/anular/", {"reason": "Expulsión"})
    response = client.post(f"/carnets/{card_antioquia.pk}/reimprimir/", {"reason": "x"}, follow=True)
    assert "fue anulado: no se puede reimprimir" in response.content.decode()


def test_the_one_card_pdf_is_audited_and_out_of_scope_is_404(login_as, alice, design, card_bogota, antioquia, medellin):
    pending = services.card_issue(member=MemberFactory(territory=medellin), actor=alice)
    scoped = make_user("carlos", Role.CARDS, territories=[antioquia])
    client = login_as(scoped)
    response = client.get(f"/carnets/{pending.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="download", actor=scoped).exists()
    assert client.get(f"/carnets/{card_bogota.pk}/pdf/").status_code == 404


def test_a_printed_card_pdf_is_refused_as_an_untracked_copy(login_as, carla, card_antioquia):
    response = login_as(carla).get(f"/carnets/{card_antioquia.pk}/pdf/", follow=True)
    assert "haga una reimpresión" in response.content.decode()


def test_the_card_page_offers_no_pdf_of_a_printed_card(login_as, carla, card_antioquia):
    body = login_as(carla).get(f"/carnets/{card_antioquia.pk}/").content.decode()
    assert f"/carnets/{card_antioquia.pk}/pdf/" not in body


def test_a_coordinator_sees_no_link_to_the_card_batch(login_as, bob, alice, design, medellin):
    batch = services.batch_create(
        actor=alice,
        members=Member.objects.filter(pk=MemberFactory(territory=medellin).pk),
        name="Lote",
        layout="cr80",
        selection="filtros",
    )
    card = batch.cards.get()
    client = login_as(bob)
    body = client.get(f"/carnets/{card.pk}/").content.decode()
    assert f"/carnets/lotes/{batch.pk}/" not in body
    assert client.get(f"/carnets/lotes/{batch.pk}/").status_code == 403  # what the link would have led to


def test_the_card_team_sees_the_link_to_the_card_batch(login_as, carla, alice, design, medellin):
    batch = services.batch_create(
        actor=alice,
        members=Member.objects.filter(pk=MemberFactory(territory=medellin).pk),
        name="Lote",
        layout="cr80",
        selection="filtros",
    )
    card = batch.cards.get()
    body = login_as(carla).get(f"/carnets/{card.pk}/").content.decode()
    assert f"/carnets/lotes/{batch.pk}/" in body


def test_the_member_page_shows_the_cards_panel(bob, login_as, card_antioquia):
    body = login_as(bob).get(f"/militantes/{card_antioquia.member.pk}/").content.decode()
    assert card_antioquia.number in body


def test_the_api_is_scoped(bob, login_as, card_antioquia, card_bogota):
    data = login_as(bob).get("/api/v1/carnets/cards/").json()
    numbers = [row["number"] for row in data["results"]]
    assert numbers == [card_antioquia.number]
    assert login_as(bob).get(f"/api/v1/carnets/cards/{card_bogota.pk}/").status_code == 404


def test_the_printer_and_supply_api_follow_the_roles(bob, reader, login_as, db):
    from carnets.tests.factories import ConsumableFactory, PrinterFactory

    PrinterFactory()
    ConsumableFactory()
    assert login_as(bob).get("/api/v1/carnets/printers/").status_code == 403
    assert len(login_as(reader).get("/api/v1/carnets/printers/").json()["results"]) == 1
    assert len(login_as(reader).get("/api/v1/carnets/consumables/").json()["results"]) == 1


def test_a_pending_card_is_marked_printed_from_its_page(carla, login_as, design, member_antioquia):
    from carnets.models import StockMovement

    card = services.card_issue(member=member_antioquia, actor=carla)
    printer = stocked_printer(3)
    client = login_as(carla)
    assert f'value="{printer.pk}"' in client.get(f"/carnets/{card.pk}/").content.decode()
    client.post(f"/carnets/{card.pk}/impreso/", {"printer": printer.pk})
    card.refresh_from_db()
    assert card.status == "impreso"
    assert card.printer == printer
    assert StockMovement.objects.filter(kind="consumo").count() == 2


def test_the_xlsx_export_is_scoped_and_formula_safe(bob, login_as, card_antioquia, card_bogota):
    import openpyxl

    card_antioquia.member.last_names = "@SUM(A1)"
    card_antioquia.member.save()
    response = login_as(bob).get("/carnets/exportar/", {"formato": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == card_antioquia.number
    assert rows[1][6] == "'@SUM(A1)"
    assert AuditEvent.objects.filter(action="export", actor=bob).exists()


def test_the_revoke_form_of_a_printed_card_reads_in_spanish(carla, login_as, card_antioquia):
    body = login_as(carla).get(f"/carnets/{card_antioquia.pk}/").content.decode()
    assert "Anular carnet" in body


def test_the_revoke_form_heading_is_not_left_in_english(carla, login_as, card_antioquia):
    body = login_as(carla).get(f"/carnets/{card_antioquia.pk}/").content.decode()
    assert ">Revoke<" not in body
