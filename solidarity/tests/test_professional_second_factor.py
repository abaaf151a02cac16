"""A professional's account holds no role but reads the cases assigned to it: it must set up and then
pass a second factor, as the roles that read personal data do (core.personal_data_readers)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.personal_data_readers import registered_readers
from core.tests.factories import make_user
from core.tests.rendered import forms_of
from solidarity import services
from solidarity.tests.factories import make_professional, secretary

pytestmark = pytest.mark.django_db
PASSWORD = "Clave-de-prueba-2026"
LOGIN = "/cuenta/ingresar/"
SECOND_FACTOR = "/cuenta/segundo-factor/"


def sign_in_through_the_page(client, username: str):
    """The login page as rendered: its one form, with the typed name and password."""
    form = forms_of(client.get(LOGIN).content.decode())[0]
    return client.post(LOGIN, form.data(username=username, password=PASSWORD))


def test_solidarity_registers_its_professionals_as_readers_of_personal_data():
    assert "solidarity.professional" in registered_readers()


def test_a_professional_without_a_role_is_sent_to_set_up_a_second_factor(client, antioquia):
    laura = make_user("laura")
    make_professional(actor=secretary(), territory=antioquia, user=laura)
    sign_in_through_the_page(client, "laura")
    response = client.get(reverse("solidarity:case-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(SECOND_FACTOR)
    page = client.get(response["Location"]).content.decode()
    assert 'src="data:image/png;base64,' in page  # the app's QR code: set-up, not the challenge


def test_after_setting_it_up_the_professional_is_challenged_at_each_sign_in(client, antioquia):
    laura = make_user("laura")
    make_professional(actor=secretary(), territory=antioquia, user=laura)
    sign_in_through_the_page(client, "laura")
    enrol_page = client.get(SECOND_FACTOR + "?next=/solidaridad/").content.decode()
    device = TOTPDevice.objects.get(user=laura, confirmed=False)
    form = [f for f in forms_of(enrol_page) if "token" in f.names][0]
    client.post(SECOND_FACTOR, form.data(token=f"{totp(device.bin_key):06d}"))
    assert client.get(reverse("solidarity:case-list")).status_code == 200

    client.post("/cuenta/salir/")
    sign_in_through_the_page(client, "laura")
    response = client.get(reverse("solidarity:case-list"))
    assert response["Location"].startswith(SECOND_FACTOR)
    challenge = client.get(response["Location"]).content.decode()
    assert 'src="data:image/png;base64,' not in challenge
    assert "Código de 6 dígitos" in challenge


def test_an_account_without_a_role_that_is_no_professional_is_not_asked(client):
    make_user("vecina")
    sign_in_through_the_page(client, "vecina")
    assert client.get("/").status_code == 200


def test_an_account_unlinked_from_its_professional_is_no_longer_asked(client, antioquia):
    sofia = secretary()
    laura = make_user("laura")
    professional = make_professional(actor=sofia, territory=antioquia, user=laura)
    assert laura.requires_second_factor()
    services.professional_save(
        actor=sofia,
        professional=professional,
        name=professional.name,
        specialty=professional.specialty,
        territory=professional.territory,
        availability=professional.availability,
        phone=professional.phone,
        email=professional.email,
        user=None,
    )
    sign_in_through_the_page(client, "laura")
    assert client.get("/").status_code == 200
