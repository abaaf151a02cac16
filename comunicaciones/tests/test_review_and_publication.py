"""Review, notification and publication behaviour, driven through the rendered pages: every POST
carries exactly the fields the page renders (see `rendered.py`)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from comunicaciones.models import Notification, Piece, PieceEvent, Publication
from comunicaciones.services.notifications import subject_text
from comunicaciones.services.workflow import piece_move
from comunicaciones.tests.factories import advance, drafting_piece
from core.tests.factories import login
from core.tests.rendered import form_with, forms_of

S = Piece.Status


def _review(client, piece):
    return client.get(reverse("comunicaciones:review", args=[piece.pk])).content.decode()


def _press(client, html, *, form_id="", action="", button_text="", button_value="", **values):
    form = form_with(html, id=form_id, action=action)
    button = next(
        b for b in form.buttons if (button_text and button_text in b.text) or (button_value and b.value == button_value)
    )
    return client.post(form.target(button), form.data(button, **values))


def _delivered(author, boss, designer):
    return advance(drafting_piece(author), author=author, boss=boss, designer=designer, until=S.FINAL_DELIVERED)


def _detail(client, piece):
    return client.get(reverse("comunicaciones:piece-detail", args=[piece.pk])).content.decode()


# --- the professional who publishes is told --------------------------------------------------


def test_it_tells_the_author_when_the_chief_approves_the_design(client, paula, pedro, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, designer=pedro, until=S.DESIGN_REVIEW)
    login(client, jefa)
    _press(client, _review(client, piece), form_id="decision-form", button_text="Aprobar diseño")
    assert Notification.objects.filter(recipient=paula, piece=piece, message__contains="aprobó el diseño").exists()


def test_it_emails_the_author_when_the_chief_approves_the_design(
    client, paula, pedro, jefa, django_capture_on_commit_callbacks
):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, designer=pedro, until=S.DESIGN_REVIEW)
    login(client, jefa)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _press(client, _review(client, piece), form_id="decision-form", button_text="Aprobar diseño")
    assert [m for m in mail.outbox if paula.email in m.to and "aprobó el diseño" in m.subject]


def test_it_tells_the_author_when_the_final_file_is_delivered(
    client, paula, pedro, jefa, django_capture_on_commit_callbacks
):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, designer=pedro, until=S.DESIGN_APPROVED)
    login(client, pedro)
    mail.outbox.clear()
    url = reverse("comunicaciones:piece-transition", args=[piece.pk])
    html = _detail(client, piece)
    form = next(f for f in forms_of(html) if f.action == url and f.fields.get("action") == ["deliver_final"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(form.target(), form.data())
    assert [m for m in mail.outbox if paula.email in m.to and "archivo final" in m.subject]


# --- e-mail subjects ------------------------------------------------------------------------


def test_it_cuts_long_subjects_at_a_word_boundary():
    message = "“" + "Convocatoria a la gran jornada de afiliación " * 5 + "”: Jefa aprobó la versión 2."
    subject = subject_text(message=message)
    assert message[len(subject) - 1] == " "


def test_it_marks_a_cut_subject_with_an_ellipsis():
    assert subject_text(message="palabra " * 40).endswith("palabra…")


def test_it_keeps_short_subjects_whole():
    assert subject_text(message="“Pieza” espera revisión.") == "“Pieza” espera revisión."


def test_the_notification_email_subject_ends_on_a_whole_word(paula, jefa, django_capture_on_commit_callbacks):
    title = "Convocatoria nacional a la gran jornada de afiliación y carnetización de la militancia en todo el país"
    piece = drafting_piece(paula, title=title)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        piece_move(piece_id=piece.pk, name="submit_content", actor=paula)
    subject = next(m.subject for m in mail.outbox if jefa.email in m.to)
    assert subject.endswith("…")
    words = subject.removeprefix("[Comunicaciones] ").removesuffix("…").split()
    assert words[-1] in title.split() + ["espera", "revisión", "de", "contenido"]


# --- publication date bounds and history ----------------------------------------------------


def _publish(client, piece, **values):
    html = _detail(client, piece)
    form = form_with(html, action=reverse("comunicaciones:publication-create", args=[piece.pk]))
    return client.post(form.target(), form.data(**values), follow=True).content.decode()


@pytest.mark.parametrize("when", ["2019-03-01T10:00", "2031-01-15T10:00"])
def test_it_refuses_publication_dates_outside_the_pieces_life(client, paula, pedro, jefa, when):
    piece = _delivered(paula, jefa, pedro)
    login(client, paula)
    page = _publish(client, piece, url="https://facebook.com/p/1", published_at=when)
    assert "Fecha de publicación:" in page
    assert not Publication.objects.filter(piece=piece).exists()


def test_it_refuses_a_publication_dated_tomorrow(client, paula, pedro, jefa):
    piece = _delivered(paula, jefa, pedro)
    login(client, paula)
    tomorrow = timezone.localtime() + timedelta(days=1)
    _publish(client, piece, url="https://facebook.com/p/1", published_at=tomorrow.strftime("%Y-%m-%dT%H:%M"))
    assert not Publication.objects.filter(piece=piece).exists()


def test_it_accepts_a_publication_dated_earlier_today(client, paula, pedro, jefa):
    piece = _delivered(paula, jefa, pedro)
    login(client, paula)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    _publish(client, piece, url="https://facebook.com/p/1", published_at=now)
    assert Publication.objects.filter(piece=piece).count() == 1


def test_every_publication_enters_the_piece_history(client, paula, pedro, jefa):
    piece = _delivered(paula, jefa, pedro)
    login(client, paula)
    _publish(client, piece, channel="facebook", url="https://facebook.com/p/1")
    page = _publish(client, piece, channel="instagram", url="https://instagram.com/p/2")
    events = PieceEvent.objects.filter(piece=piece, action="publish")
    assert [e.note for e in events] == ["Facebook: https://facebook.com/p/1", "Instagram: https://instagram.com/p/2"]
    assert "“Instagram: https://instagram.com/p/2”" in page


# --- the bell -------------------------------------------------------------------------------


def _bell(client) -> str:
    return client.get(reverse("comunicaciones:piece-list")).content.decode()


def test_the_other_chiefs_bell_clears_when_a_chief_decides(client, paula, jefa, jefe2):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    login(client, jefa)
    _press(client, _review(client, piece), form_id="decision-form", button_text="Aprobar contenido")
    client.logout()
    login(client, jefe2)
    assert 'data-testid="unread-count"' not in _bell(client)


def test_the_bell_counts_pieces_still_waiting(client, paula, jefa, jefe2):
    first = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    login(client, jefa)
    _press(client, _review(client, first), form_id="decision-form", button_text="Aprobar contenido")
    client.logout()
    login(client, jefe2)
    assert 'data-testid="unread-count">1<' in _bell(client)


def test_the_decision_resolves_the_review_notifications_of_every_chief(client, paula, jefa, jefe2):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    login(client, jefe2)
    _press(client, _review(client, piece), form_id="decision-form", button_text="Aprobar contenido")
    assert not Notification.objects.filter(piece=piece, kind="review", read_at__isnull=True).exists()


# --- the review page ------------------------------------------------------------------------


def test_the_review_page_shows_the_needs_context(client, paula, jefa):
    piece = drafting_piece(
        paula, requested_by="Coordinación de Antioquia", due_date=date(2026, 12, 24), brief="Video de 30 segundos"
    )
    piece = advance(piece, author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    login(client, jefa)
    page = _review(client, piece)
    context = page[page.index('data-testid="need-context"') :]
    assert "Coordinación de Antioquia" in context
    assert "24/12/2026" in context
    assert "Video de 30 segundos" in context


def test_approve_and_next_opens_the_next_piece_waiting(client, paula, jefa):
    first = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    second = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    login(client, jefa)
    response = _press(client, _review(client, first), form_id="decision-form", button_text="Aprobar y siguiente")
    assert response["Location"] == reverse("comunicaciones:review", args=[second.pk])


def test_approve_and_next_approves_the_piece(client, paula, jefa):
    first = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    login(client, jefa)
    _press(client, _review(client, first), form_id="decision-form", button_text="Aprobar y siguiente")
    assert Piece.objects.get(pk=first.pk).status == S.CONTENT_APPROVED


def test_approve_and_next_skips_the_chiefs_own_pieces(client, paula, jefa, jefe2):
    first = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    advance(drafting_piece(jefe2), author=jefe2, boss=jefa, until=S.CONTENT_REVIEW)
    login(client, jefe2)
    response = _press(client, _review(client, first), form_id="decision-form", button_text="Aprobar y siguiente")
    assert response["Location"] == reverse("comunicaciones:inbox")
