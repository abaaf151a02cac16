"""The whole procedure in a real browser: a professional submits, the chief returns it with a comment,
the professional resubmits, the chief approves, the design goes through and the piece is published."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw

from comunicaciones.models import Piece
from comunicaciones.services.workflow import piece_register_need
from comunicaciones.tests.factories import chief, professional
from core.tests.browser import log_in, requires_chromium, screenshot

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"
S = Piece.Status


def _poster(path) -> None:
    image = Image.new("RGB", (800, 800), "#1d3b72")
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, 740, 740), outline="#f0b429", width=12)
    draw.text((120, 380), "La Familia que elijo - Jornada de afiliacion", fill="white")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())


def _click(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state("networkidle")


def test_the_piece_goes_from_draft_to_published(live_server, browser_context, tmp_path):
    author = professional("paula")
    chief("jefa")
    piece = piece_register_need(
        actor=author,
        title="Jornada de afiliación en Bello",
        requested_by="Coordinación de Antioquia",
        request="Invitar a la jornada del sábado",
        campaign="La Familia que elijo",
        one_off=True,
        channels=["facebook", "instagram"],
        planned_date=timezone.localdate() + timedelta(days=2),
    )
    url = f"{live_server.url}/comunicaciones/piezas/{piece.pk}/"
    paula = browser_context.new_page()
    jefa = browser_context.browser.new_context(viewport={"width": 1366, "height": 860}, locale="es-CO").new_page()
    for page in (paula, jefa):
        page.set_default_timeout(15000)
    log_in(paula, live_server.url, "paula", PASSWORD)
    log_in(jefa, live_server.url, "jefa", PASSWORD)

    # 1. The professional drafts and submits the content.
    paula.goto(f"{url}editar/")
    paula.get_by_label("Texto").fill("¡Vengan a la jornada de afiliación!\nEste sábado en Bello.")
    _click(paula, "Guardar")
    _click(paula, "Enviar a revisión de contenido")
    assert paula.get_by_text("Hecho: Enviar a revisión de contenido.").is_visible()
    screenshot(paula, "comunicaciones/01-profesional-envia")

    # 2. The chief sees it in the inbox and returns it with a comment.
    jefa.goto(f"{live_server.url}/comunicaciones/bandeja/")
    assert jefa.get_by_role("link", name="Jornada de afiliación en Bello").is_visible()
    screenshot(jefa, "comunicaciones/02-bandeja-jefatura")
    jefa.get_by_role("link", name="Revisar").last.click()
    jefa.wait_for_load_state("networkidle")
    _click(jefa, "Devolver contenido con comentarios")  # no comment: refused
    assert jefa.get_by_text("hace falta un motivo").is_visible()
    jefa.locator("#review-comment").fill("Falta la hora y el lugar exacto.")
    _click(jefa, "Devolver contenido con comentarios")
    assert jefa.get_by_text("Hecho: Devolver contenido con comentarios.").is_visible()
    screenshot(jefa, "comunicaciones/03-jefatura-devuelve")

    # 3. The professional sees what came back, adjusts and resubmits.
    paula.goto(f"{live_server.url}/comunicaciones/")
    assert paula.get_by_text("Le devolvieron").is_visible()
    assert paula.get_by_test_id("unread-count").inner_text() == "1"
    screenshot(paula, "comunicaciones/04-profesional-ve-devolucion")
    paula.goto(url)
    assert paula.get_by_text("Falta la hora y el lugar exacto.").first.is_visible()
    paula.goto(f"{url}editar/")
    paula.get_by_label("Texto").fill(
        "¡Vengan a la jornada de afiliación!\nEste sábado a las 9 a. m. en el parque principal de Bello."
    )
    _click(paula, "Guardar")
    _click(paula, "Enviar a revisión de contenido")

    # 4. The chief sees the changes against the previous round and approves.
    jefa.goto(f"{live_server.url}/comunicaciones/revision/{piece.pk}/")
    assert jefa.get_by_text("Cambios de la v1 a la v2").is_visible()
    assert jefa.locator("ins.diff-add").first.is_visible()
    assert jefa.get_by_test_id("earlier-comment").inner_text() == "“Falta la hora y el lugar exacto.”"
    screenshot(jefa, "comunicaciones/05-jefatura-ve-diferencias")
    _click(jefa, "Aprobar contenido")

    # 5. Design: the professional takes it, uploads the artwork and submits; the chief approves.
    paula.goto(url)
    _click(paula, "Tomar para diseño")
    poster = tmp_path / "afiche.png"
    _poster(poster)
    paula.get_by_label("Archivo", exact=True).set_input_files(str(poster))
    _click(paula, "Subir")
    assert paula.get_by_text("Archivo subido.").is_visible()
    _click(paula, "Enviar diseño a revisión")
    jefa.goto(f"{live_server.url}/comunicaciones/revision/{piece.pk}/")
    assert jefa.get_by_role("link", name="afiche.png", exact=True).is_visible()
    screenshot(jefa, "comunicaciones/06-jefatura-revisa-diseno")
    _click(jefa, "Aprobar diseño")

    # 6. The final file is delivered and the piece is published on Facebook.
    paula.goto(url)
    _click(paula, "Entregar archivo final")
    paula.get_by_label("URL de la publicación").fill("https://www.facebook.com/partido/posts/123")
    _click(paula, "Publicar")
    assert paula.get_by_text("Publicación registrada.").is_visible()
    screenshot(paula, "comunicaciones/07-publicada")

    piece.refresh_from_db()
    assert piece.status == S.PUBLISHED
    assert list(piece.events.order_by("pk").values_list("to_status", flat=True)) == [
        S.NEED, S.DRAFTING, S.CONTENT_REVIEW, S.CONTENT_RETURNED, S.CONTENT_REVIEW, S.CONTENT_APPROVED,
        S.DESIGN, S.DESIGN_REVIEW, S.DESIGN_APPROVED, S.FINAL_DELIVERED, S.PUBLISHED,
    ]  # fmt: skip
    assert piece.versions.get(number=1).comment == "Falta la hora y el lugar exacto."

    # The calendar shows it on its day.
    jefa.goto(f"{live_server.url}/comunicaciones/cronograma/")
    assert jefa.locator(f"[data-piece='{piece.pk}']").first.is_visible()
    screenshot(jefa, "comunicaciones/08-cronograma-mes")
    jefa.goto(f"{live_server.url}/comunicaciones/cronograma/?vista=semana&fecha={piece.planned_date:%Y-%m-%d}")
    screenshot(jefa, "comunicaciones/09-cronograma-semana")
    jefa.context.close()
