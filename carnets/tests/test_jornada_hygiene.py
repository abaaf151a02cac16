"""Bad input at the drive's table, through the rendered form: refused in Spanish, or cleaned."""

import base64

import pytest

from carnets.tests.factories import JornadaFactory, png_bytes, stocked_printer
from carnets.tests.pageform import page_form
from core.tests.search import search
from militancia.models import Member

SIGNATURE = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


@pytest.fixture
def jornada(medellin):
    return JornadaFactory(territory=medellin, printer=stocked_printer(20))


def _post(client, jornada, **values):
    page = search(client, f"/jornadas/{jornada.pk}/registro/", id_type="CC", id_number="1020304050")
    data = page_form(page.content.decode(), "registration-form")[0]
    data = {**data, "first_names": "Ana", "last_names": "Zuluaga", "consent": "on", "signature": SIGNATURE, **values}
    return client.post(f"/jornadas/{jornada.pk}/registro/", data)


def test_a_formula_in_the_last_names_is_refused_naming_the_field(carla, login_as, design, jornada):
    response = _post(login_as(carla), jornada, last_names="=HYPERLINK(1)")
    assert "Apellidos: no puede empezar por =, +, - o @" in response.content.decode()


def test_zero_width_characters_are_removed_from_the_names(carla, login_as, design, jornada):
    _post(login_as(carla), jornada, first_names="An\u200ba")
    assert Member.objects.get(id_number="1020304050").first_names == "Ana"
