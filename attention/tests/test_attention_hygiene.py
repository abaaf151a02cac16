"""A request's name and address: NFC without invisible characters; a formula-like name refused."""

import pytest
from django.core.exceptions import ValidationError

from attention.tests.factories import make_request

pytestmark = pytest.mark.django_db


def test_it_drops_zero_width_characters_from_the_requester_name(alice, medellin):
    request = make_request(actor=alice, territory=medellin, requester_name="Luis\u200d To\u0301rres")
    assert request.requester_name == "Luis Tórres"


def test_it_drops_bidi_overrides_from_the_address(alice, medellin):
    request = make_request(actor=alice, territory=medellin, address="Calle \u202e10")
    assert request.address == "Calle 10"


def test_it_refuses_a_requester_name_that_looks_like_a_formula(alice, medellin):
    with pytest.raises(ValidationError) as error:
        make_request(actor=alice, territory=medellin, requester_name="=HYPERLINK(1)")
    assert error.value.message_dict["requester_name"] == [
        "Nombre completo: no puede empezar por =, +, - o @ (parece una fórmula de hoja de cálculo)."
    ]
