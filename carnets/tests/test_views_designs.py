from django.core.files.uploadedfile import SimpleUploadedFile

from carnets.models import CardDesign
from carnets.tests.factories import png_bytes
from core.tests.permissions import ANONYMOUS, LOGIN, assert_statuses


def _form(**extra):
    return {
        "name": "Diseño 2027",
        "party_name": "Partido Demo",
        "title": "CARNET DE MILITANTE",
        "primary_color": "#123456",
        "text_color": "#111111",
        "back_text": "Texto",
        **extra,
    }


def test_only_national_admins_edit_designs(client, carla, bob, reader, db):
    assert_statuses(client, "/carnets/disenos/", {ANONYMOUS: LOGIN})
    assert_statuses(client, "/carnets/disenos/nuevo/", {carla: 403, bob: 403, reader: 403})


def test_a_preview_comes_before_saving(alice, login_as, db):
    client = login_as(alice)
    logo = SimpleUploadedFile("logo.png", png_bytes((200, 200)), content_type="image/png")
    response = client.post("/carnets/disenos/nuevo/", {**_form(activate="on"), "logo": logo, "preview": "1"})
    body = response.content.decode()
    assert "data:image/png;base64," in body
    assert not CardDesign.objects.exists()
    draft = response.context["draft"]
    client.post("/carnets/disenos/nuevo/", {**_form(activate="on"), "draft": draft, "save": "1"})
    design = CardDesign.objects.get()
    assert design.is_active
    assert design.logo
    assert design.primary_color == "#123456"


def test_saving_without_a_preview_previews_first(alice, login_as, db):
    body = login_as(alice).post("/carnets/disenos/nuevo/", {**_form(), "save": "1"}).content.decode()
    assert not CardDesign.objects.exists()
    assert "data:image/png;base64," in body


def test_a_fake_image_is_refused(alice, login_as, db):
    fake = SimpleUploadedFile("logo.png", b"MZ\x90\x00 not an image", content_type="image/png")
    body = login_as(alice).post("/carnets/disenos/nuevo/", {**_form(), "logo": fake, "preview": "1"}).content.decode()
    assert "no es una imagen válida" in body
    assert not CardDesign.objects.exists()
