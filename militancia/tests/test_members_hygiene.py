"""Bad input reaching the member registry by form, API or drive: normalized or refused in Spanish."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.authtoken.models import Token

from militancia.models import Member
from militancia.services import member_register

pytestmark = pytest.mark.django_db


def register(actor, territory, **overrides):
    values = {
        "id_number": "1020304050",
        "first_names": "Ana",
        "last_names": "Pérez",
        "territory": territory,
        "consent_date": timezone.localdate(),
        "consent_channel": Member.ConsentChannel.PAPER,
    }
    values.update(overrides)
    return member_register(actor=actor, **values)


def test_it_stores_names_in_nfc(alice, medellin):
    member = register(alice, medellin, last_names="Pe\u0301rez")
    assert member.last_names == "Pérez"


def test_it_drops_zero_width_characters_from_names(alice, medellin):
    member = register(alice, medellin, first_names="Ana\u200b María")
    assert member.first_names == "Ana María"


def test_it_drops_bidi_overrides_from_addresses(alice, medellin):
    member = register(alice, medellin, address="Calle \u202e01 # 2-3")
    assert member.address == "Calle 01 # 2-3"


def test_the_folded_search_name_matches_what_people_type(alice, medellin):
    member = register(alice, medellin, first_names="Jose\u0301\u2066", last_names="Pérez")
    assert member.search_name == "jose perez"


@pytest.mark.parametrize("field", ["first_names", "last_names"])
def test_it_refuses_a_name_that_looks_like_a_formula(alice, medellin, field):
    with pytest.raises(ValidationError) as error:
        register(alice, medellin, **{field: '=HYPERLINK("http://x")'})
    assert "fórmula" in " ".join(error.value.message_dict[field])


def test_it_refuses_an_address_that_looks_like_a_formula(alice, medellin):
    with pytest.raises(ValidationError) as error:
        register(alice, medellin, address="@SUM(A1)")
    assert error.value.message_dict["address"] == [
        "Dirección: no puede empezar por =, +, - o @ (parece una fórmula de hoja de cálculo)."
    ]


def test_the_api_refuses_a_formula_name_naming_the_field(client, alice, medellin):
    headers = {"HTTP_AUTHORIZATION": f"Token {Token.objects.get_or_create(user=alice)[0].key}"}
    data = {
        "id_type": "CC",
        "id_number": "1234567890",
        "first_names": "+Ana",
        "last_names": "Torres",
        "territory": medellin.code,
        "consent_date": timezone.localdate().isoformat(),
        "consent_channel": "web",
    }
    response = client.post("/api/v1/militancia/members/", data, content_type="application/json", **headers)
    assert (response.status_code, "Nombres" in response.content.decode()) == (400, True)
