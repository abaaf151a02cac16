import pytest
from django.core.cache import cache

from carnets import services
from carnets.tests.factories import stocked_printer
from militancia.tests.factories import MemberFactory


@pytest.fixture(autouse=True)
def clear_rate_limit():
    cache.clear()


def _printed(alice, **member):
    card = services.card_issue(member=MemberFactory(**member), actor=alice)
    return services.card_mark_printed(card=card, printer=stocked_printer(5), actor=alice)


def test_a_valid_card_shows_only_first_name_and_initial(client, alice, design, territories):
    card = _printed(alice, first_names="Ana María", last_names="Zuluaga Restrepo")
    body = client.get(f"/verificar/{card.token}/").content.decode()
    assert "Carnet válido" in body
    assert "Ana Z." in body
    assert "María" not in body
    assert "Restrepo" not in body
    assert card.member.id_number not in body


def test_a_replaced_card_says_replaced(client, alice, design, territories):
    card = _printed(alice)
    services.card_reprint(card=card, actor=alice, reason="Perdido")
    assert "Carnet reemplazado" in client.get(f"/verificar/{card.token}/").content.decode()


def test_an_unknown_or_pending_card_is_not_valid(client, alice, design, territories):
    pending = services.card_issue(member=MemberFactory(), actor=alice)
    for token in ("no-existe", pending.token):
        body = client.get(f"/verificar/{token}/").content.decode()
        assert "No es un carnet válido" in body
        assert pending.member.first_names not in body


def test_it_is_rate_limited(client, db, still_rate_limit_clock):
    statuses = [client.get("/verificar/x/").status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_a_card_of_an_expelled_member_is_not_valid(client, alice, design, territories):
    card = _printed(alice)
    card.member.status = "expulsado"
    card.member.save()
    assert "No es un carnet válido" in client.get(f"/verificar/{card.token}/").content.decode()
