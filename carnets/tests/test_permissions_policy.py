"""The drive registration is the one page allowed to use the camera (Permissions-Policy)."""

import pytest
from django.urls import reverse

from carnets.tests.factories import JornadaFactory
from core.roles import Role
from core.tests.factories import login, make_user


@pytest.mark.django_db
def test_the_drive_registration_allows_the_camera_for_this_site(client, medellin):
    login(client, make_user("mesa", Role.CARDS))
    jornada = JornadaFactory(territory=medellin)
    policy = client.get(reverse("carnets:jornada-register", args=[jornada.pk]))["Permissions-Policy"]
    assert "camera=(self)" in policy.split(", ")


@pytest.mark.django_db
def test_the_drive_registration_still_denies_the_microphone(client, medellin):
    login(client, make_user("mesa", Role.CARDS))
    jornada = JornadaFactory(territory=medellin)
    policy = client.get(reverse("carnets:jornada-register", args=[jornada.pk]))["Permissions-Policy"]
    assert "microphone=()" in policy.split(", ")
