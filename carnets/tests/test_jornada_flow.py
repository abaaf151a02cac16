"""The drive's table through its rendered pages: what the operator's browser sends, nothing more."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carnets import services
from carnets.models import Card, JornadaRegistration
from carnets.services.stock import StockMovement
from carnets.tests.factories import JornadaFactory, png_bytes, stocked_printer
from carnets.tests.pageform import page_form
from core.models import AuditEvent
from core.roles import Role
from core.tests.factories import make_user, territory
from core.tests.search import search
from militancia.models import Member
from militancia.tests.factories import MemberFactory

SIGNATURE = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


@pytest.fixture
def jornada(medellin):
    return JornadaFactory(territory=medellin, printer=stocked_printer(20))


def _open_form(client, jornada, number="1020304050"):
    page = search(client, f"/jornadas/{jornada.pk}/registro/", id_type="CC", id_number=number)
    return page_form(page.content.decode(), "registration-form")[0]


def _fill(data, **values):
    """What the operator types, draws and ticks on the rendered form (the signature pad fills
    the hidden `signature` field on submit)."""
    return {**data, "first_names": "Ana María", "last_names": "Zuluaga", "consent": "on", **values}


def _register_url(jornada):
    return f"/jornadas/{jornada.pk}/registro/"


def test_a_failed_submit_sends_the_drawn_signature_back(carla, login_as, design, jornada):
    client = login_as(carla)
    data = _fill(_open_form(client, jornada), first_names="", signature=SIGNATURE)
    response = client.post(_register_url(jornada), data)
    assert response.status_code == 400
    kept, _names = page_form(response.content.decode(), "registration-form")
    assert kept["signature"].startswith("data:image/png;base64,")


def test_a_failed_submit_sends_the_fingerprint_back(carla, login_as, design, jornada):
    client = login_as(carla)
    data = _fill(_open_form(client, jornada), first_names="", signature=SIGNATURE)
    finger = SimpleUploadedFile("huella.png", png_bytes(), content_type="image/png")
    response = client.post(_register_url(jornada), {**data, "fingerprint": finger})
    kept, _names = page_form(response.content.decode(), "registration-form")
    assert kept["fingerprint_data"].startswith("data:image/png;base64,")


def test_after_fixing_the_error_the_member_has_signature_and_fingerprint(carla, login_as, design, jornada):
    client = login_as(carla)
    data = _fill(_open_form(client, jornada), first_names="", signature=SIGNATURE)
    finger = SimpleUploadedFile("huella.png", png_bytes(), content_type="image/png")
    failed = client.post(_register_url(jornada), {**data, "fingerprint": finger})
    again, _names = page_form(failed.content.decode(), "registration-form")
    client.post(_register_url(jornada), {**again, "first_names": "Ana María"})
    member = Member.objects.get()
    assert (bool(member.signature), bool(member.fingerprint)) == (True, True)


def test_the_page_after_an_error_is_not_cached(carla, login_as, design, jornada):
    client = login_as(carla)
    response = client.post(_register_url(jornada), _fill(_open_form(client, jornada), first_names=""))
    assert "no-store" in response["Cache-Control"]


def test_consent_signed_on_screen_without_a_signature_is_refused(carla, login_as, design, jornada):
    client = login_as(carla)
    response = client.post(_register_url(jornada), _fill(_open_form(client, jornada), signature=""))
    assert "Firma: la autorización de tratamiento de datos se firma en pantalla" in response.content.decode()


def test_consent_without_a_signature_writes_nothing(carla, login_as, design, jornada):
    client = login_as(carla)
    client.post(_register_url(jornada), _fill(_open_form(client, jornada), signature=""))
    assert not Member.objects.exists()


def test_the_missing_signature_is_reported_with_the_other_errors(carla, login_as, design, jornada):
    client = login_as(carla)
    response = client.post(_register_url(jornada), _fill(_open_form(client, jornada), first_names="", signature=""))
    assert "pida a la persona que firme" in response.content.decode()


def test_the_consent_evidence_says_only_what_was_captured(carla, login_as, design, jornada):
    client = login_as(carla)
    client.post(_register_url(jornada), _fill(_open_form(client, jornada), signature=SIGNATURE))
    member = Member.objects.get()
    assert member.consent_evidence == (
        f"Aceptada en la jornada #{jornada.pk}: firma en pantalla: sí; huella: no; foto: no"
    )


def test_an_existing_member_has_their_territory_selected(carla, login_as, design, territories):
    jornada = JornadaFactory(territory=territory("05004"), printer=stocked_printer(5))  # Abriaquí
    MemberFactory(territory=territory("05475"), id_number="43111222")  # Murindó
    data = _open_form(login_as(carla), jornada, "43111222")
    assert data["territory"] == str(territory("05475").pk)


def test_updating_an_existing_member_keeps_their_territory(carla, login_as, design, territories):
    jornada = JornadaFactory(territory=territory("05004"), printer=stocked_printer(5))  # Abriaquí
    member = MemberFactory(territory=territory("05475"), id_number="43111222")  # Murindó
    client = login_as(carla)
    data = _open_form(client, jornada, "43111222")
    client.post(_register_url(jornada), {**data, "phone": "3001234567"})
    member.refresh_from_db()
    assert member.territory.name == "Murindó"


def _registered(client, jornada):
    client.post(_register_url(jornada), _fill(_open_form(client, jornada), signature=SIGNATURE))
    registration = JornadaRegistration.objects.select_related("card").get()
    return registration, client.get(f"/jornadas/{jornada.pk}/registro/{registration.pk}/").content.decode()


def test_printing_at_the_drive_leaves_the_card_printed(carla, login_as, design, jornada):
    client = login_as(carla)
    registration, page = _registered(client, jornada)
    data, _names = page_form(page, "print-form")
    response = client.post(f"/jornadas/{jornada.pk}/registro/{registration.pk}/imprimir/", data)
    assert response["Content-Type"] == "application/pdf"
    registration.card.refresh_from_db()
    assert registration.card.status == Card.Status.PRINTED


def test_a_card_printed_at_the_drive_verifies_as_valid(carla, login_as, design, jornada, client):
    staff = login_as(carla)
    registration, page = _registered(staff, jornada)
    staff.post(f"/jornadas/{jornada.pk}/registro/{registration.pk}/imprimir/", page_form(page, "print-form")[0])
    body = client.get(f"/verificar/{registration.card.token}/").content.decode()
    assert "Carnet válido" in body


def test_printing_at_the_drive_takes_a_card_from_stock(carla, login_as, design, jornada):
    client = login_as(carla)
    registration, page = _registered(client, jornada)
    client.post(f"/jornadas/{jornada.pk}/registro/{registration.pk}/imprimir/", page_form(page, "print-form")[0])
    assert StockMovement.objects.filter(kind=StockMovement.Kind.CONSUMPTION).exists()


def test_the_confirmation_offers_no_plain_pdf_link(carla, login_as, design, jornada):
    _registration, page = _registered(login_as(carla), jornada)
    assert "/pdf/" not in page


def test_handing_over_marks_the_card_delivered(carla, login_as, design, jornada):
    client = login_as(carla)
    registration, page = _registered(client, jornada)
    client.post(f"/jornadas/{jornada.pk}/registro/{registration.pk}/imprimir/", page_form(page, "print-form")[0])
    page = client.get(f"/jornadas/{jornada.pk}/registro/{registration.pk}/").content.decode()
    assert 'id="deliver-card"' in page
    client.post(f"/jornadas/{jornada.pk}/registro/{registration.pk}/entregar/")
    registration.card.refresh_from_db()
    assert registration.card.status == Card.Status.DELIVERED


def _with_printed_card(carla, jornada, medellin):
    member = MemberFactory(territory=medellin, id_number="43111222")
    card = services.card_issue(member=member, actor=carla)
    return services.card_mark_printed(card=card, printer=jornada.printer, actor=carla)


def test_an_already_printed_card_is_not_offered_for_printing_again(carla, login_as, design, jornada, medellin):
    _with_printed_card(carla, jornada, medellin)
    client = login_as(carla)
    client.post(_register_url(jornada), _open_form(client, jornada, "43111222"))
    registration = JornadaRegistration.objects.get()
    page = client.get(f"/jornadas/{jornada.pk}/registro/{registration.pk}/").content.decode()
    assert 'id="print-form"' not in page


def test_printing_an_already_printed_card_again_is_refused(carla, login_as, design, jornada, medellin):
    _with_printed_card(carla, jornada, medellin)
    client = login_as(carla)
    client.post(_register_url(jornada), _open_form(client, jornada, "43111222"))
    registration = JornadaRegistration.objects.get()
    response = client.post(f"/jornadas/{jornada.pk}/registro/{registration.pk}/imprimir/", follow=True)
    assert "haga una reimpresión" in response.content.decode()


def test_a_reprint_at_the_drive_makes_a_new_tracked_version(carla, login_as, design, jornada, medellin):
    old = _with_printed_card(carla, jornada, medellin)
    client = login_as(carla)
    client.post(_register_url(jornada), _open_form(client, jornada, "43111222"))
    registration = JornadaRegistration.objects.get()
    client.post(f"/jornadas/{jornada.pk}/registro/{registration.pk}/reimprimir/", {"reason": "Dañado"})
    registration.refresh_from_db()
    assert (registration.card.version, registration.card.replaces_id) == (2, old.pk)


def test_a_failed_print_goes_back_to_pending(carla, login_as, design, jornada):
    client = login_as(carla)
    registration, page = _registered(client, jornada)
    client.post(f"/jornadas/{jornada.pk}/registro/{registration.pk}/imprimir/", page_form(page, "print-form")[0])
    client.post(f"/jornadas/{jornada.pk}/registro/{registration.pk}/fallo/")
    registration.card.refresh_from_db()
    assert registration.card.status == Card.Status.PENDING


def test_a_coordinator_cannot_print_at_the_drive(bob, carla, login_as, design, jornada):
    registration, _page = _registered(login_as(carla), jornada)
    response = login_as(bob).post(f"/jornadas/{jornada.pk}/registro/{registration.pk}/imprimir/")
    assert response.status_code == 403


# The drive's team


def test_the_team_list_offers_no_user_who_cannot_use_the_drive_table(alice, bob, carla, login_as, territories):
    page = login_as(alice).get("/jornadas/nueva/").content.decode()
    assert f'value="{bob.pk}"' not in page.split('name="team"')[1].split("</select>")[0]


def test_the_team_list_offers_the_card_team(alice, carla, login_as, territories):
    page = login_as(alice).get("/jornadas/nueva/").content.decode()
    assert f'value="{carla.pk}"' in page.split('name="team"')[1].split("</select>")[0]


def test_a_team_member_outside_the_drive_territory_is_refused(alice, login_as, bogota, medellin, cundinamarca):
    outsider = make_user("cundi", Role.CARDS, territories=[cundinamarca])
    response = login_as(alice).post(
        "/jornadas/nueva/",
        {
            "name": "Jornada",
            "territory": medellin.pk,
            "place": "Coliseo",
            "starts_on": "2026-12-07",
            "ends_on": "2026-12-07",
            "team": [outsider.pk],
        },
    )
    assert "no puede trabajar en esta jornada" in response.content.decode()


def test_the_service_refuses_a_team_member_who_cannot_use_the_drive_table(alice, bob, medellin):
    from django.core.exceptions import ValidationError

    from carnets.models import Jornada

    drive = Jornada(name="J", territory=medellin, place="P", starts_on="2026-12-07", ends_on="2026-12-07")
    with pytest.raises(ValidationError, match="necesita el rol de Carnetización"):
        services.jornada_save(jornada=drive, team=[bob], actor=alice)


def test_the_member_history_never_shows_where_the_signature_is_stored(carla, login_as, design, jornada):
    client = login_as(carla)
    client.post(_register_url(jornada), _fill(_open_form(client, jornada), signature=SIGNATURE))
    body = client.get(f"/militantes/{Member.objects.get().pk}/").content.decode()
    assert "members/signatures/" not in body


def test_the_member_history_says_a_signature_is_on_record(carla, login_as, design, jornada):
    client = login_as(carla)
    client.post(_register_url(jornada), _fill(_open_form(client, jornada), signature=SIGNATURE))
    body = client.get(f"/militantes/{Member.objects.get().pk}/").content.decode()
    assert "<strong>Firma</strong>: ∅ → archivo guardado" in body


def test_the_member_history_names_the_drive_by_its_number(carla, login_as, design, jornada):
    client = login_as(carla)
    client.post(_register_url(jornada), _fill(_open_form(client, jornada), signature=SIGNATURE))
    body = client.get(f"/militantes/{Member.objects.get().pk}/").content.decode()
    assert f'<div class="small">#{jornada.pk}</div>' in body


def test_a_member_updated_at_the_drive_has_the_drive_as_source_in_their_history(carla, login_as, design, jornada):
    MemberFactory(territory=jornada.territory, id_number="43111222")
    client = login_as(carla)
    data = _open_form(client, jornada, "43111222")
    client.post(_register_url(jornada), {**data, "phone": "3001234567"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_id=str(Member.objects.get().pk))
    assert (event.source, event.source_ref) == (AuditEvent.Source.JORNADA, str(jornada.pk))


def test_the_lookup_keeps_the_number_out_of_the_address(carla, login_as, jornada):
    page = search(login_as(carla), _register_url(jornada), id_type="CC", id_number="1.020.304.050")
    assert "304" not in page.redirect_chain[-1][0]
