"""The piece page offers only the steps the workflow accepts, says why a step must wait, lets the
author answer the chief's comments, and draws its history with the status badges."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from comunicaciones.models import Piece
from comunicaciones.services.uploads import attachment_add
from comunicaciones.services.workflow import piece_move, piece_update, publication_record
from comunicaciones.tests.factories import advance, drafting_piece, png_upload
from core.tests.factories import login

S = Piece.Status


def _detail(client, piece) -> str:
    return client.get(reverse("comunicaciones:piece-detail", args=[piece.pk])).content.decode()


def _submit_form(page: str) -> dict:
    """The fields of the page's "submit" form as the browser sends them (hidden inputs + comment)."""
    form = re.search(
        r'<form method="post" action="[^"]+/accion/"[^>]*>(?:(?!</form>).)*value="submit_content"(?:(?!</form>).)*</form>',
        page,
        re.DOTALL,
    ).group(0)
    return dict(re.findall(r'<(?:input|textarea)[^>]*name="(\w+)"(?:[^>]*value="([^"]*)")?', form))


def test_a_piece_without_text_offers_no_submit_button(client, paula):
    piece = drafting_piece(paula, text="")
    login(client, paula)
    page = _detail(client, piece)
    assert 'data-action="submit_content"' not in page


def test_a_piece_without_text_says_why_it_cannot_be_submitted(client, paula):
    piece = drafting_piece(paula, text="")
    login(client, paula)
    page = _detail(client, piece)
    assert 'data-pending="submit_content"' in page
    assert "La pieza todavía no tiene texto: escriba el contenido antes de enviarla." in page


def test_the_history_draws_each_status_as_its_badge(client, paula, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    login(client, paula)
    history = _detail(client, piece).split('id="history-title"')[1]
    assert 'class="badge text-bg-warning text-dark status-badge" data-status="content_review"' in history


def test_files_of_an_earlier_step_have_no_remove_button(client, paula, jefa):
    piece = drafting_piece(paula)
    content_file = attachment_add(piece_id=piece.pk, actor=paula, upload=png_upload("guion.png"))
    piece = advance(piece, author=paula, boss=jefa, until=S.DESIGN)
    design_file = attachment_add(piece_id=piece.pk, actor=paula, upload=png_upload())
    login(client, paula)
    page = _detail(client, piece)
    assert reverse("comunicaciones:attachment-remove", args=[piece.pk, content_file.pk]) not in page
    assert reverse("comunicaciones:attachment-remove", args=[piece.pk, design_file.pk]) in page


def test_the_author_answers_the_comments_when_submitting_again(client, paula, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    piece_move(piece_id=piece.pk, name="return_content", actor=jefa, comment="Falta la fuente")
    piece_update(piece_id=piece.pk, actor=paula, text="Texto con la fuente: DANE 2025.")
    login(client, paula)
    data = _submit_form(_detail(client, piece))
    data["comment"] = "Agregué la fuente en la segunda línea."
    client.post(reverse("comunicaciones:piece-transition", args=[piece.pk]), data)
    login(client, jefa)
    review = client.get(reverse("comunicaciones:review", args=[piece.pk])).content.decode()
    assert "“Agregué la fuente en la segunda línea.”" in review


def test_the_final_delivery_marks_only_the_design_files(paula, jefa):
    piece = drafting_piece(paula)
    reference = attachment_add(piece_id=piece.pk, actor=paula, upload=png_upload("referencia.png"))
    piece = advance(piece, author=paula, boss=jefa, until=S.FINAL_DELIVERED)
    reference.refresh_from_db()
    assert reference.is_final is False


def test_a_need_for_a_day_already_past_is_refused_on_its_field(client, paula):
    login(client, paula)
    response = client.post(
        reverse("comunicaciones:need-create"),
        {
            "title": "Pronunciamiento",
            "requested_by": "Presidencia",
            "request": "Rechazo a la reforma",
            "due_date": (timezone.localdate() - timedelta(days=3)).isoformat(),
        },
    )
    assert response.context["form"].errors["due_date"] == ["Esta fecha ya pasó: una necesidad es para hoy o después."]


def test_a_channel_already_published_is_not_offered_again(client, paula, jefa):
    piece = advance(drafting_piece(paula, channels=[]), author=paula, boss=jefa, until=S.FINAL_DELIVERED)
    publication_record(piece_id=piece.pk, actor=jefa, channel="facebook", url="https://facebook.com/p/1")
    login(client, jefa)
    publish_form = _detail(client, piece).split(
        'action="' + reverse("comunicaciones:publication-create", args=[piece.pk])
    )[1]
    assert 'value="facebook"' not in publish_form.split("</form>")[0]
