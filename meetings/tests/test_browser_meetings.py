"""A coordinator records a meeting with two commitments, then closes theirs from "Mis compromisos",
in Debian's Chromium."""

from __future__ import annotations

import pytest

from core.roles import Role
from core.tests.browser import log_in_with_second_factor, requires_chromium, screenshot
from core.tests.factories import make_user, territory
from meetings.models import Commitment, Meeting

pytestmark = [pytest.mark.browser, requires_chromium]


def test_it_records_a_meeting_with_two_commitments_and_closes_one_from_my_commitments(
    live_server, transactional_db, browser_page
):
    from playwright.sync_api import expect

    page = browser_page
    antioquia = territory("05")
    bob = make_user("bob", Role.REGIONAL_COORDINATOR, territories=[antioquia])
    make_user("dora", Role.CARDS, territories=[antioquia])
    log_in_with_second_factor(page, live_server.url, bob)

    page.goto(f"{live_server.url}/reuniones/")
    page.get_by_role("link", name="Nueva reunión").click()
    page.get_by_label("Título").fill("Planeación de jornadas en Medellín")
    page.get_by_label("Tipo").select_option(label="Planificación")
    page.get_by_label("Secretaría que convoca").select_option(label="Oficina de militancia")
    page.get_by_label("Fecha y hora").fill("2026-12-09T15:00")
    page.get_by_label("Territorio").select_option(label="Medellín (Antioquia)")
    page.get_by_label("Lugar").fill("Sede de Medellín")
    page.get_by_label("Orden del día").fill("1. Jornadas de diciembre\n2. Carnets pendientes")
    page.get_by_role("button", name="Registrar reunión").click()
    expect(page.get_by_role("heading", name="Planeación de jornadas en Medellín")).to_be_visible()

    form = page.get_by_test_id("commitment-form")
    for description, responsible, due in (
        ("Reservar el coliseo para la jornada", "dora", "2026-12-15"),
        ("Entregar los carnets impresos", "bob", "2026-12-12"),
    ):
        user = Commitment._meta.get_field("responsible").related_model.objects.get(username=responsible)
        form.get_by_label("Compromiso").fill(description)
        form.get_by_label("Responsable").select_option(label=user.get_full_name())
        form.get_by_label("Fecha límite").fill(due)
        form.get_by_role("button", name="Agregar compromiso").click()
        expect(page.get_by_text("Compromiso registrado.")).to_be_visible()
    expect(page.get_by_test_id("commitments").locator("tbody tr")).to_have_count(2)
    screenshot(page, "meetings/meeting-with-two-commitments")

    page.get_by_role("link", name="Mis compromisos").first.click()
    mine = page.get_by_test_id("my-commitments")
    expect(mine.locator("tbody tr")).to_have_count(1)
    row = mine.locator("tbody tr", has_text="Entregar los carnets impresos")
    row.get_by_role("button", name="Marcar cumplido").click()
    expect(page.get_by_text("Compromiso actualizado.")).to_be_visible()
    page.get_by_role("link", name="Cumplidos").click()
    expect(page.get_by_test_id("my-commitments").get_by_text("Entregar los carnets impresos")).to_be_visible()
    screenshot(page, "meetings/my-commitments-done")

    meeting = Meeting.objects.get()
    statuses = dict(meeting.commitments.values_list("description", "status"))
    assert statuses == {
        "Reservar el coliseo para la jornada": Commitment.Status.PENDING,
        "Entregar los carnets impresos": Commitment.Status.DONE,
    }
