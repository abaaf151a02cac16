"""A staff member answers a request from the queue, in Debian's Chromium."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from attention.tests.factories import make_request
from core.roles import Role
from core.tests.browser import log_in, requires_chromium
from core.tests.factories import make_user, territory
from militancia.tests.factories import MemberFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "attention"

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.fixture
def page(browser_page):
    return browser_page


def test_it_answers_a_request_from_the_queue(live_server, transactional_db, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    medellin = territory("05001")
    bob = make_user("bob", Role.REGIONAL_COORDINATOR, territories=[territory("05")])
    member = MemberFactory(territory=medellin, first_names="Carolina", last_names="Restrepo Díaz", has_card=True)
    today = timezone.localdate()
    target = make_request(
        territory=medellin,
        actor=bob,
        member=member,
        kind="documents",
        subject="¿Está listo mi carnet?",
        received_on=today - timedelta(days=1),
        assigned_to=bob,
    )
    make_request(territory=medellin, actor=bob, subject="Reclamo por datos", received_on=today - timedelta(days=40))
    make_request(territory=medellin, actor=bob, kind="consultation", subject="Consulta estatutos")

    log_in(page, live_server.url, "bob", "Clave-de-prueba-2026")
    page.goto(f"{live_server.url}/solicitudes/")
    assert page.locator("tr[data-urgency=overdue]").count() == 1
    page.screenshot(path=str(ARTIFACTS / "attention_queue.png"), full_page=True)

    page.click(f"text={target.tracking_number}")
    page.select_option("#answer-template", "card_status")
    answer = page.input_value("#id_answer_text")
    assert "Carolina Restrepo Díaz" in answer
    assert member.id_number in answer
    page.screenshot(path=str(ARTIFACTS / "attention_answer_form.png"), full_page=True)
    page.click("#send-answer")
    page.wait_for_selector("#answer-text")
    status = page.inner_text("#request-status")
    assert status in ("Respondida", "Answered")
    page.screenshot(path=str(ARTIFACTS / "attention_answered.png"), full_page=True)
    target.refresh_from_db()
    assert target.status == "respondida"
    assert "Carolina" in target.answer_text

    page.click("#close-request")
    page.wait_for_selector("text=" + ("Cerrada" if status == "Respondida" else "Closed"))
    target.refresh_from_db()
    assert target.status == "cerrada"

    page.goto(f"{live_server.url}/solicitudes/cifras/")
    page.wait_for_timeout(600)  # Chart.js animation
    assert page.locator("#chart-channel").is_visible()
    page.screenshot(path=str(ARTIFACTS / "attention_figures.png"), full_page=True)


def test_the_public_form_files_a_request(live_server, transactional_db, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    medellin = territory("05001")
    page.goto(f"{live_server.url}/atencion/")
    page.screenshot(path=str(ARTIFACTS / "attention_public_form.png"), full_page=True)
    page.select_option("#id_kind", "hd_query")
    page.fill("#id_requester_name", "Marta Ruiz")
    page.fill("#id_requester_id_number", "1020304050")
    page.fill("#id_email", "marta@example.org")
    page.select_option("#id_territory", str(medellin.pk))
    page.fill("#id_subject", "Mis datos")
    page.fill("#id_description", "¿Qué datos tienen de mí?")
    page.check("#id_accept_policy")
    question = page.inner_text("label[for=id_challenge_answer]")
    a, b = (int(x) for x in question.split("¿")[-1].split("?")[0].split()[-3::2])
    page.fill("#id_challenge_answer", str(a + b))
    page.wait_for_timeout(3100)
    page.click("button[type=submit]")
    page.wait_for_selector("#tracking-number")
    number = page.inner_text("#tracking-number")
    page.screenshot(path=str(ARTIFACTS / "attention_public_ack.png"), full_page=True)
    page.goto(f"{live_server.url}/atencion/consulta/")
    page.fill("#id_tracking_number", number)
    page.fill("#id_requester_id_number", "1020304050")
    page.click("button[type=submit]")
    page.wait_for_selector("#status-result")
    page.screenshot(path=str(ARTIFACTS / "attention_public_status.png"), full_page=True)


def _log_in_bob(page, live_server):
    log_in(page, live_server.url, "bob", "Clave-de-prueba-2026")


def test_waiting_for_the_requester_suspends_the_term_in_the_queue(live_server, transactional_db, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    medellin = territory("05001")
    bob = make_user("bob", Role.REGIONAL_COORDINATOR, territories=[territory("05")])
    today = timezone.localdate()
    make_request(territory=medellin, actor=bob, subject="Reclamo por datos", received_on=today - timedelta(days=40))
    make_request(territory=medellin, actor=bob, kind="consultation", subject="Consulta estatutos")
    waiting = make_request(territory=medellin, actor=bob, subject="Falta la copia de la cédula")
    _log_in_bob(page, live_server)
    page.goto(f"{live_server.url}/solicitudes/{waiting.pk}/")
    page.select_option("#id_to_status", "en_espera")
    page.fill("#id_note", "Le pedimos la copia de la cédula")
    page.get_by_role("button", name="Guardar estado").click()
    page.wait_for_selector("[data-testid=suspended]")
    page.screenshot(path=str(ARTIFACTS / "attention_suspended_detail.png"), full_page=True)
    page.goto(f"{live_server.url}/solicitudes/")
    row = page.locator("tr", has_text=waiting.tracking_number)
    page.screenshot(path=str(ARTIFACTS / "attention_queue_business_days.png"), full_page=True)
    # The cell says "Suspendido" and, below it, the date the request counts as withdrawn.
    assert row.get_by_test_id("days-left").inner_text().strip().splitlines()[0] == "Suspendido"
