"""The drive table's scan endpoint: what a keyboard scanner typed, or a photo of the back of the
cédula, in; the registration form's fields out. And the lookup step carrying a scan to the form."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from carnets.models import Jornada
from carnets.tests.factories import JornadaFactory
from core.id_scan import ocr_available
from core.roles import Role
from core.tests.factories import make_user
from core.tests.id_samples import OCR_B_FONT, as_typed, cedula_pdf417, mrz_card_jpeg, mrz_td1, pdf417_png, with_digit
from core.tests.permissions import ANONYMOUS, LOGIN, NO_ROLE, OUT_OF_SCOPE, assert_statuses
from core.tests.search import search
from militancia.tests.factories import MemberFactory

PERSON = {
    "id_type": "CC",
    "id_number": "1036123456",
    "first_names": "LUZ DARY",
    "last_names": "RESTREPO OCHOA",
    "birth_date": "1985-03-14",
    "sex": "F",
}


@pytest.fixture
def jornada(medellin):
    return JornadaFactory(territory=medellin)


def _url(jornada):
    return f"/jornadas/{jornada.pk}/registro/escanear/"


def test_the_scan_endpoint_permission_matrix(client, alice, carla, jornada):
    assert_statuses(
        client,
        _url(jornada),
        {ANONYMOUS: LOGIN, NO_ROLE: 403, Role.READ_ONLY: 403, OUT_OF_SCOPE: 403, alice: 200, carla: 200},
        method="post",
        data={"payload": as_typed(cedula_pdf417())},
    )


def test_a_card_worker_of_another_territory_gets_404(client, login_as, jornada, bogota):
    outsider = make_user("karen", Role.CARDS, territories=[bogota])
    response = login_as(outsider).post(_url(jornada), {"payload": as_typed(cedula_pdf417())})
    assert response.status_code == 404


def test_a_typed_pdf417_answers_the_form_fields(carla, login_as, jornada):
    response = login_as(carla).post(_url(jornada), {"payload": as_typed(cedula_pdf417())})
    assert response.json()["fields"] == PERSON


def test_a_typed_mrz_answers_the_form_fields(carla, login_as, jornada):
    response = login_as(carla).post(_url(jornada), {"payload": mrz_td1()})
    assert response.json()["fields"] == PERSON


def test_a_photo_of_the_barcode_answers_the_form_fields(carla, login_as, jornada):
    photo = SimpleUploadedFile("cedula.png", pdf417_png(cedula_pdf417()), content_type="image/png")
    response = login_as(carla).post(_url(jornada), {"image": photo})
    assert response.json()["fields"] == PERSON


def test_a_photo_without_a_barcode_says_keep_looking(carla, login_as, jornada):
    from carnets.tests.factories import jpeg_bytes

    photo = SimpleUploadedFile("cara.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = login_as(carla).post(_url(jornada), {"image": photo})
    assert (response.status_code, response.json()["not_found"]) == (422, True)


def test_a_file_that_is_not_an_image_is_refused_in_spanish(carla, login_as, jornada):
    fake = SimpleUploadedFile("cedula.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = login_as(carla).post(_url(jornada), {"image": fake})
    assert (response.status_code, "La foto de la cédula" in response.json()["error"]) == (400, True)


def test_a_misread_mrz_check_digit_is_refused_in_spanish(carla, login_as, jornada):
    good = mrz_td1()
    digit = good.split("\n")[1][6]
    bad = with_digit(good, line=1, position=6, digit=str((int(digit) + 1) % 10))
    response = login_as(carla).post(_url(jornada), {"payload": bad})
    assert response.json() == {
        "error": "El dígito de control de la fecha de nacimiento no coincide: la MRZ se leyó mal. Vuelva a leerla."
    }


def test_an_empty_read_is_refused(carla, login_as, jornada):
    response = login_as(carla).post(_url(jornada), {"payload": "  "})
    assert response.status_code == 400


def test_a_closed_drive_reads_nothing(carla, login_as, medellin):
    closed = JornadaFactory(territory=medellin, status=Jornada.Status.CLOSED)
    response = login_as(carla).post(_url(closed), {"payload": mrz_td1()})
    assert response.status_code == 400


def test_the_lookup_carries_the_scan_to_the_form(carla, login_as, jornada):
    page = search(
        login_as(carla),
        f"/jornadas/{jornada.pk}/registro/",
        id_type="CC",
        id_number="1036123456",
        scan=json.dumps(PERSON),
    )
    assert page.context["scan"] == PERSON


def test_the_carried_scan_is_handed_to_the_page_as_json(carla, login_as, jornada):
    page = search(
        login_as(carla),
        f"/jornadas/{jornada.pk}/registro/",
        id_type="CC",
        id_number="1036123456",
        scan=json.dumps(PERSON),
    )
    assert 'id="scan-initial"' in page.content.decode()


def test_a_scan_of_another_number_is_not_carried(carla, login_as, jornada):
    page = search(
        login_as(carla),
        f"/jornadas/{jornada.pk}/registro/",
        id_type="CC",
        id_number="71234567",
        scan=json.dumps(PERSON),
    )
    assert page.context["scan"] == {}


def test_the_carried_scan_keeps_only_the_form_fields(carla, login_as, jornada):
    planted = {**PERSON, "territory": "1", "member": "7", "first_names": ["not", "text"]}
    page = search(
        login_as(carla),
        f"/jornadas/{jornada.pk}/registro/",
        id_type="CC",
        id_number="1036123456",
        scan=json.dumps(planted),
    )
    assert sorted(page.context["scan"]) == ["birth_date", "id_number", "id_type", "last_names", "sex"]


def test_an_existing_member_keeps_the_record_in_the_form(carla, login_as, jornada, medellin):
    MemberFactory(territory=medellin, id_number="1036123456", first_names="Luz", last_names="Restrepo")
    page = search(
        login_as(carla),
        f"/jornadas/{jornada.pk}/registro/",
        id_type="CC",
        id_number="1036123456",
        scan=json.dumps(PERSON),
    )
    # The record's values stay in the form; the page shows the scan's differences for the operator to choose.
    assert page.context["form"].initial["first_names"] == "Luz"


@pytest.mark.skipif(not ocr_available() or not Path(OCR_B_FONT).exists(), reason="tesseract-ocr / fonts-ocr-b missing")
@pytest.mark.parametrize("angle", [0.0, 1.5])
def test_a_photo_of_a_digital_cedulas_mrz_is_read_by_ocr(carla, login_as, jornada, angle):
    photo = SimpleUploadedFile("cedula.jpg", mrz_card_jpeg(mrz_td1(), angle=angle), content_type="image/jpeg")
    with translation.override("es"):
        answer = login_as(carla).post(_url(jornada), {"image": photo}).json()
    assert (answer["source"], answer["fields"]) == ("mrz", PERSON)
    assert "compárelos con la cédula" in " ".join(answer["warnings"])


@pytest.mark.skipif(not ocr_available() or not Path(OCR_B_FONT).exists(), reason="tesseract-ocr / fonts-ocr-b missing")
def test_an_ocr_misread_of_a_check_digit_is_refused_never_filled(carla, login_as, jornada):
    wrong = with_digit(mrz_td1(), line=1, position=6, digit="0")  # the birth date's check digit
    photo = SimpleUploadedFile("cedula.jpg", mrz_card_jpeg(wrong), content_type="image/jpeg")
    response = login_as(carla).post(_url(jornada), {"image": photo})
    assert response.status_code == 422 and "fields" not in response.json()
