"""The other communications pages in a real browser: calendar drag and drop, statistics chart,
reports with progress, media monitoring, minutes; screenshots kept in test-artifacts/comunicaciones/."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from comunicaciones.models import ChannelStat, Piece
from comunicaciones.services.planning import media_mention_create, press_release_create
from comunicaciones.services.reports import monthly_report_generate
from comunicaciones.tests.factories import PieceFactory, advance, chief, drafting_piece, professional
from core.tests.browser import log_in, requires_chromium, screenshot, wait_for_js

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"


def test_the_chief_reschedules_by_dragging_in_the_week_view(live_server, browser_page):
    boss = chief("jefa")
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    piece = PieceFactory(author=boss, created_by=boss, title="Post de convocatoria", planned_date=monday)
    page = browser_page
    log_in(page, live_server.url, "jefa", PASSWORD)
    page.goto(f"{live_server.url}/comunicaciones/cronograma/?vista=semana&fecha={monday:%Y-%m-%d}")
    thursday = f"{monday + timedelta(days=3):%Y-%m-%d}"
    # One row per channel: the piece (Facebook and Instagram) shows twice; drag the first copy.
    assert page.locator(f"[data-piece='{piece.pk}']").count() == 2
    page.locator(f"[data-piece='{piece.pk}']").first.drag_to(page.locator(f"[data-date='{thursday}']").first)
    wait_for_js(page, "document.getElementById('cal-status').textContent.length > 0")
    assert "se movió al" in page.locator("#cal-status").text_content()
    assert page.locator(f"[data-date='{thursday}'] [data-piece='{piece.pk}']").count() == 2
    piece.refresh_from_db()
    assert piece.planned_date == monday + timedelta(days=3)
    screenshot(page, "comunicaciones/10-cronograma-arrastrar")


def test_the_other_pages_render(live_server, browser_page):
    author, boss = professional("paula"), chief("jefa")
    today = timezone.localdate()
    for n, status in enumerate([Piece.Status.CONTENT_REVIEW, Piece.Status.DESIGN_REVIEW, Piece.Status.FINAL_DELIVERED]):
        piece = drafting_piece(author, title=f"Pieza de ejemplo {n + 1}", planned_date=today + timedelta(days=n))
        advance(piece, author=author, boss=boss, until=status)
    month = date(today.year, today.month, 1)
    previous = (month - timedelta(days=1)).replace(day=1)
    for channel, followers in [("facebook", 125000), ("instagram", 80000), ("x", 40000), ("tiktok", 22000)]:
        ChannelStat.objects.create(
            channel=channel, month=previous, followers=followers, reach=followers * 3, updated_by=author
        )
        ChannelStat.objects.create(
            channel=channel, month=(previous - timedelta(days=1)).replace(day=1), followers=int(followers * 0.93),
            reach=followers * 2, updated_by=author,
        )  # fmt: skip
    release = press_release_create(actor=author, title="Rechazo a la reforma", date=today, body="El partido…")
    media_mention_create(actor=author, date=today, outlet="El Colombiano", headline="Partido rechaza la reforma",
                         tone="negative", topic="Reforma", press_release=release)  # fmt: skip
    media_mention_create(actor=author, date=today, outlet="Semana", headline="Jornada masiva en Bello",
                         tone="positive", topic="Afiliación")  # fmt: skip
    monthly_report_generate(month=previous, user_id=boss.pk)
    PieceFactory(author=None, created_by=author, title="Campaña La Familia que elijo")

    page = browser_page
    log_in(page, live_server.url, "jefa", PASSWORD)
    for path, name, heading in [
        ("/", "11-inicio-jefatura", "Hola"),
        ("/comunicaciones/", "12-piezas", "Piezas comunicativas"),
        ("/comunicaciones/estadisticas/", "13-estadisticas", "Estadísticas de redes"),
        ("/comunicaciones/informes/", "14-informes", "Informes mensuales de gestión"),
        ("/comunicaciones/medios/", "15-medios", "Monitoreo de medios"),
        ("/comunicaciones/comites/nuevo/", "16-acta", "Acta del comité editorial"),
        ("/comunicaciones/necesidades/nueva/", "17-necesidad", "Registrar una necesidad de comunicación"),
        ("/comunicaciones/estadisticas/importar/", "18-importar", "Importar estadísticas de redes"),
    ]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert page.get_by_role("heading", name=heading).first.is_visible(), path
        screenshot(page, f"comunicaciones/{name}")
    page.goto(f"{live_server.url}/comunicaciones/informes/")
    page.get_by_role("button", name="Generar informe").click()
    page.wait_for_load_state("networkidle")
    # Celery runs eagerly here, so the job is already finished: the bar reloads the list.
    assert "trabajo=" in page.url
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="PDF").first.is_visible()
    screenshot(page, "comunicaciones/19-informe-en-progreso")
    # A phone-sized screen: the inbox stays usable.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/comunicaciones/bandeja/")
    assert page.get_by_role("heading", name="Bandeja de revisión").is_visible()
    screenshot(page, "comunicaciones/20-bandeja-movil")
