import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from carnets.models import Card, Jornada, JornadaRegistration
from carnets.tests.factories import JornadaFactory, jpeg_bytes, png_bytes, stocked_printer
from core.models import AuditEvent
from core.roles import Role
from core.tests.factories import make_user
from core.tests.search import search
from militancia.models import Member
from militancia.tests.factories import MemberFactory

SIGNATURE = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


@pytest.fixture
def jornada(medellin):
    return JornadaFactory(territory=medellin, printer=stocked_printer(20))


def _person(medellin, **extra):
    return {
        "id_type": "CC",
        "id_number": "1.020.304.050",
        "first_names": "ana maría",
        "last_names": "ZULUAGA",
        "territory": medellin.pk,
        "phone": "300 123 4567",
        "consent": "on",
        "signature": SIGNATURE,
        **extra,
    }


def test_jornada_pages_permission_matrix(client, nobody, bob, charlie, reader, carla, login_as, jornada):
    url = f"/jornadas/{jornada.pk}/"
    assert client.get(url).status_code == 302
    assert login_as(nobody).get(url).status_code == 403
    assert login_as(bob).get(url).status_code == 200  # coordinator of Antioquia: in scope, read only
    assert login_as(charlie).get(url).status_code == 404  # coordinator of Cundinamarca
    assert login_as(reader).get(url).status_code == 200
    assert login_as(bob).get(f"{url}registro/").status_code == 403
    assert login_as(carla).get(f"{url}registro/").status_code == 200


def test_registering_a_new_person_issues_the_card(carla, login_as, design, jornada, medellin):
    client = login_as(carla)
    lookup = search(client, f"/jornadas/{jornada.pk}/registro/", id_type="CC", id_number="1.020.304.050")
    assert lookup.context["form"].initial["id_number"] == "1020304050"
    photo = SimpleUploadedFile("foto.jpg", jpeg_bytes(), content_type="image/jpeg")
    finger = SimpleUploadedFile("huella.png", png_bytes(), content_type="image/png")
    response = client.post(
        f"/jornadas/{jornada.pk}/registro/", {**_person(medellin), "photo": photo, "fingerprint": finger}
    )
    registration = JornadaRegistration.objects.get()
    assert response.url == f"/jornadas/{jornada.pk}/registro/{registration.pk}/"
    member = registration.member
    assert member.first_names == "Ana María"
    assert member.source == "jornada"
    assert member.source_ref == str(jornada.pk)
    assert member.consent_channel == "jornada"
    assert member.photo
    assert member.signature
    assert member.fingerprint
    card = registration.card
    assert card.status == "pendiente"
    assert card.jornada == jornada
    assert AuditEvent.objects.filter(object_id=str(member.pk), source="jornada").exists()
    page = client.get(response.url).content.decode()
    assert card.number in page
    pdf = client.get(f"/carnets/{card.pk}/pdf/")
    assert card.number in PdfReader(__import__("io").BytesIO(pdf.content)).pages[0].extract_text()
    client.post(f"/carnets/{card.pk}/impreso/", {"printer": jornada.printer.pk, "next": response.url})
    card.refresh_from_db()
    assert card.status == "impreso"
    assert card.printer == jornada.printer


def test_an_existing_member_is_shown_and_updated(carla, login_as, design, jornada, medellin):
    member = MemberFactory(territory=medellin, id_number="1020304050", phone="")
    client = login_as(carla)
    lookup = search(client, f"/jornadas/{jornada.pk}/registro/", id_type="CC", id_number="1020304050")
    assert lookup.context["member"] == member
    assert "ya es militante" in lookup.content.decode()
    data = {
        **_person(medellin, first_names=member.first_names, last_names=member.last_names, consent=""),
        "member": member.pk,
    }
    data.pop("consent")
    client.post(f"/jornadas/{jornada.pk}/registro/", data)
    registration = JornadaRegistration.objects.get()
    assert registration.kind == "actualizado"
    assert registration.member == member
    member.refresh_from_db()
    assert member.phone == "+573001234567"
    assert Member.objects.count() == 1


def test_bad_input_writes_nothing(carla, login_as, design, jornada, medellin):
    client = login_as(carla)
    not_image = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = client.post(f"/jornadas/{jornada.pk}/registro/", {**_person(medellin), "photo": not_image})
    assert response.status_code == 400
    assert "no es una imagen válida" in response.content.decode()
    response = client.post(f"/jornadas/{jornada.pk}/registro/", {**_person(medellin), "consent": ""})
    assert "autorización" in response.content.decode()
    big = SimpleUploadedFile("foto.jpg", b"\xff\xd8" + b"0" * (9 * 1024 * 1024), content_type="image/jpeg")
    response = client.post(f"/jornadas/{jornada.pk}/registro/", {**_person(medellin), "photo": big})
    assert "demasiado grande" in response.content.decode()
    assert not Member.objects.exists()
    assert not Card.objects.exists()
    assert not JornadaRegistration.objects.exists()


def test_closing_the_drive_makes_the_summary(carla, login_as, design, jornada, medellin):
    client = login_as(carla)
    client.post(f"/jornadas/{jornada.pk}/registro/", _person(medellin))
    client.post(f"/jornadas/{jornada.pk}/cerrar/")
    jornada.refresh_from_db()
    assert jornada.status == Jornada.Status.CLOSED
    assert jornada.summary_pdf
    text = PdfReader(jornada.summary_pdf.path).pages[0].extract_text()
    assert jornada.name in text
    assert "Nuevos militantes registrados" in text
    assert client.get(f"/jornadas/{jornada.pk}/registro/").status_code == 302  # closed: no more registrations
    assert client.get(f"/jornadas/{jornada.pk}/resumen.pdf").status_code == 200


def test_a_scoped_card_user_cannot_register_outside_scope(login_as, design, bogota, antioquia):
    jornada = JornadaFactory(territory=bogota)
    scoped = make_user("carlos", Role.CARDS, territories=[antioquia])
    assert login_as(scoped).get(f"/jornadas/{jornada.pk}/registro/").status_code == 404


def test_the_dashboard_counts_by_hour(carla, login_as, design, jornada, medellin):
    from carnets import services

    client = login_as(carla)
    client.post(f"/jornadas/{jornada.pk}/registro/", _person(medellin))
    card = JornadaRegistration.objects.get().card
    card = services.card_mark_printed(card=card, printer=jornada.printer, actor=carla)
    services.card_deliver(card=card, actor=carla, delivered_to="Titular", place=jornada.place)
    stats = services.jornada_stats(jornada=jornada)
    assert (stats["new"], stats["issued"], stats["printed"], stats["delivered"]) == (1, 1, 1, 1)
    assert sum(r["registered"] for r in stats["by_hour"]) == 1
    assert sum(r["delivered"] for r in stats["by_hour"]) == 1
    page = client.get(f"/jornadas/{jornada.pk}/")
    assert page.context["chart"]["delivered"] == [r["delivered"] for r in stats["by_hour"]]
