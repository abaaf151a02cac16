"""Pages that drive the workflow: review screen, decisions, uploads, publication, calendar, notifications."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from comunicaciones.models import Notification, Piece, PieceAttachment
from comunicaciones.services.workflow import piece_move, piece_update
from comunicaciones.tests.factories import PieceFactory, advance, drafting_piece, png_upload
from core.tests.factories import login

S = Piece.Status


def test_it_shows_the_chief_the_diff_and_earlier_comments(client, paula, jefa):
    piece = drafting_piece(paula, text="Vengan el sábado al parque.")
    piece_move(piece_id=piece.pk, name="submit_content", actor=paula)
    piece_move(piece_id=piece.pk, name="return_content", actor=jefa, comment="Falta la hora")
    piece_update(piece_id=piece.pk, actor=paula, text="Vengan el sábado a las 9 al parque.")
    piece_move(piece_id=piece.pk, name="submit_content", actor=paula)
    login(client, jefa)
    page = client.get(reverse("comunicaciones:review", args=[piece.pk])).content.decode()
    assert '<ins class="diff-add">a las 9 </ins>' in page or '<ins class="diff-add">a las 9</ins>' in page
    assert "Cambios de la v1 a la v2" in page
    assert "Falta la hora" in page


def test_it_approves_from_the_review_screen_and_goes_back_to_the_inbox(client, paula, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    login(client, jefa)
    response = client.post(
        reverse("comunicaciones:piece-transition", args=[piece.pk]),
        {"action": "approve_content", "expected_version": 1, "next": "review", "comment": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("comunicaciones:inbox")
    piece.refresh_from_db()
    assert piece.status == S.CONTENT_APPROVED


def test_it_refuses_a_return_without_comment_and_says_why(client, paula, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    login(client, jefa)
    response = client.post(
        reverse("comunicaciones:piece-transition", args=[piece.pk]),
        {"action": "return_content", "expected_version": 1, "next": "review", "comment": " "},
        follow=True,
    )
    assert "hace falta un motivo" in response.content.decode()
    assert Piece.objects.get(pk=piece.pk).status == S.CONTENT_REVIEW


def test_it_refuses_a_professional_deciding_through_the_page(client, paula, pedro, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    login(client, pedro)
    response = client.post(
        reverse("comunicaciones:piece-transition", args=[piece.pk]), {"action": "approve_content"}, follow=True
    )
    assert "Solo la jefatura" in response.content.decode()
    assert Piece.objects.get(pk=piece.pk).status == S.CONTENT_REVIEW


def test_it_refuses_uploads_that_are_not_images_videos_or_pdfs(client, paula):
    piece = drafting_piece(paula)
    login(client, paula)
    fake = SimpleUploadedFile("foto.png", b"MZ\x90\x00 this is an executable", content_type="image/png")
    response = client.post(reverse("comunicaciones:attachment-upload", args=[piece.pk]), {"file": fake}, follow=True)
    assert "no es un archivo permitido" in response.content.decode()
    assert not PieceAttachment.objects.exists()


def test_it_refuses_uploads_that_are_too_big(client, paula, settings):
    settings.COMMS_UPLOAD_MAX_BYTES = 50
    piece = drafting_piece(paula)
    login(client, paula)
    big = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + b"0" * 100, content_type="application/pdf")
    response = client.post(reverse("comunicaciones:attachment-upload", args=[piece.pk]), {"file": big}, follow=True)
    assert "demasiado grande" in response.content.decode()
    assert not PieceAttachment.objects.exists()


def test_it_accepts_a_pdf_and_a_video_by_content(client, paula):
    piece = drafting_piece(paula)
    login(client, paula)
    client.post(
        reverse("comunicaciones:attachment-upload", args=[piece.pk]),
        {"file": SimpleUploadedFile("guion.bin", b"%PDF-1.7\nhello", content_type="application/octet-stream")},
    )
    mp4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 40
    client.post(
        reverse("comunicaciones:attachment-upload", args=[piece.pk]), {"file": SimpleUploadedFile("v.mp4", mp4)}
    )
    assert sorted(PieceAttachment.objects.values_list("kind", "content_type")) == [
        ("pdf", "application/pdf"),
        ("video", "video/mp4"),
    ]


def test_it_records_a_publication_from_the_page(client, paula, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.FINAL_DELIVERED)
    login(client, paula)
    client.post(
        reverse("comunicaciones:publication-create", args=[piece.pk]),
        {"channel": "facebook", "url": "https://facebook.com/partido/posts/1"},
    )
    piece.refresh_from_db()
    assert piece.status == S.PUBLISHED
    assert piece.publications.get().published_by == paula


def test_it_reschedules_from_the_calendar(client, paula):
    piece = PieceFactory(author=paula, created_by=paula, planned_date=date(2026, 11, 10))
    login(client, paula)
    response = client.post(
        reverse("comunicaciones:piece-reschedule", args=[piece.pk]),
        {"planned_date": "2026-11-12"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "12/11/2026" in response.content.decode()
    assert Piece.objects.get(pk=piece.pk).planned_date == date(2026, 11, 12)


def test_it_refuses_rescheduling_by_read_only_users(client, reader, paula):
    piece = PieceFactory(author=paula, created_by=paula, planned_date=date(2026, 11, 10))
    login(client, reader)
    response = client.post(reverse("comunicaciones:piece-reschedule", args=[piece.pk]), {"planned_date": "2026-11-12"})
    assert response.status_code == 403
    assert Piece.objects.get(pk=piece.pk).planned_date == date(2026, 11, 10)


def test_it_shows_pieces_in_the_month_and_week_views_by_channel(client, paula):
    day = date(2026, 11, 18)
    PieceFactory(author=paula, created_by=paula, planned_date=day, title="Video jornada", channels=["youtube"])
    PieceFactory(author=paula, created_by=paula, planned_date=day, title="Post afiliación", channels=["facebook"])
    login(client, paula)
    url = reverse("comunicaciones:calendar")
    month = client.get(url, {"fecha": "2026-11-01"}).content.decode()
    assert "Video jornada" in month
    assert "Post afiliación" in month
    assert "Noviembre 2026" in month
    only_youtube = client.get(url, {"fecha": "2026-11-01", "canal": "youtube"}).content.decode()
    assert "Video jornada" in only_youtube
    assert "Post afiliación" not in only_youtube
    week = client.get(url, {"vista": "semana", "fecha": "2026-11-18"}).content.decode()
    assert "Video jornada" in week
    assert "Semana del 16/11/2026 al 22/11/2026" in week
    assert week.index("YouTube") < week.index("Video jornada")


def test_it_caps_a_busy_day_in_the_month_view(client, paula):
    for n in range(7):
        PieceFactory(author=paula, created_by=paula, planned_date=date(2026, 11, 5), title=f"Pieza ocupada {n}")
    login(client, paula)
    page = client.get(reverse("comunicaciones:calendar"), {"fecha": "2026-11-01"}).content.decode()
    assert page.count("data-move-url=") == 4
    assert "+3 más" in page


def test_it_lists_notifications_with_an_unread_count(client, paula, jefa, django_capture_on_commit_callbacks):
    piece = drafting_piece(paula)
    with django_capture_on_commit_callbacks(execute=True):
        piece_move(piece_id=piece.pk, name="submit_content", actor=paula)
    login(client, jefa)
    page = client.get(reverse("comunicaciones:notification-list")).content.decode()
    assert 'data-testid="unread-count">1<' in page
    assert "espera revisión de contenido" in page
    client.post(reverse("comunicaciones:notification-read"))
    assert not Notification.objects.filter(recipient=jefa, read_at__isnull=True).exists()


def test_inbox_lists_oldest_first_with_waiting_time(client, paula, jefa):
    newer = advance(drafting_piece(paula, title="Nueva"), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    older = advance(drafting_piece(paula, title="Vieja"), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    Piece.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timedelta(days=3, hours=2))
    login(client, jefa)
    page = client.get(reverse("comunicaciones:inbox")).content.decode()
    assert page.index("Vieja") < page.index("Nueva")
    assert "3 d 2 h" in page
    assert newer.title in page


@pytest.mark.parametrize("count", [5, 60])
def test_inbox_query_count_does_not_grow(client, paula, jefa, django_assert_max_num_queries, count):
    for n in range(count):
        advance(drafting_piece(paula, title=f"P{n}"), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    login(client, jefa)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("comunicaciones:inbox")).status_code == 200


@pytest.mark.parametrize("view", ["mes", "semana"])
def test_calendar_query_count_does_not_grow(client, paula, django_assert_max_num_queries, view):
    for n in range(80):
        PieceFactory(author=paula, created_by=paula, planned_date=date(2026, 11, 1 + n % 28))
    login(client, paula)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("comunicaciones:calendar"), {"vista": view, "fecha": "2026-11-16"})
    assert response.status_code == 200


def test_meeting_minutes_put_pieces_into_production(client, paula, pedro):
    need = PieceFactory(author=None, created_by=paula, title="Campaña La Familia que elijo")
    login(client, paula)
    response = client.post(
        reverse("comunicaciones:meeting-create"),
        {
            "date": "2026-11-20",
            "attendees": "Jefa, Paula, Pedro",
            "topics": "La Familia que elijo",
            "channels": ["facebook", "instagram"],
            "pieces": [need.pk],
            "products": "Video testimonial\nInfografía",
            "author": pedro.pk,
        },
    )
    assert response.status_code == 302, [str(m) for m in response.context["messages"]] + [
        response.context["form"].errors
    ]
    need.refresh_from_db()
    assert need.status == S.DRAFTING
    assert need.author == pedro
    assert need.meeting is not None
    created = Piece.objects.filter(meeting=need.meeting).exclude(pk=need.pk)
    assert sorted(created.values_list("title", flat=True)) == ["Infografía", "Video testimonial"]
    assert all(p.status == S.DRAFTING for p in created)
    assert all(p.channels == ["facebook", "instagram"] for p in created)


def test_need_registration_page(client, paula):
    login(client, paula)
    response = client.post(
        reverse("comunicaciones:need-create"),
        {
            "title": "Pronunciamiento",
            "requested_by": "Presidencia",
            "request": "Rechazo a la reforma",
            "one_off": "on",
            "channels": ["x"],
        },
    )
    piece = Piece.objects.get()
    assert response["Location"] == reverse("comunicaciones:piece-detail", args=[piece.pk])
    assert piece.status == S.DRAFTING
    assert piece.author == paula
    assert piece.channels == ["x"]


def test_producer_sees_what_came_back(client, paula, jefa):
    piece = advance(drafting_piece(paula, title="Volvió"), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    piece_move(piece_id=piece.pk, name="return_content", actor=jefa, comment="Corregir")
    login(client, paula)
    page = client.get(reverse("comunicaciones:piece-list")).content.decode()
    assert "Le devolvieron" in page
    assert "Volvió" in page
    assert "“Corregir”" in page
    detail = client.get(reverse("comunicaciones:piece-detail", args=[piece.pk])).content.decode()
    assert "Corregir" in detail
    assert "Enviar a revisión de contenido" in detail


def test_upload_replaces_nothing_frozen(client, paula, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.DESIGN)
    attachment = piece.attachments.get()
    login(client, paula)
    client.post(reverse("comunicaciones:attachment-upload", args=[piece.pk]), {"file": png_upload("otro.png")})
    client.post(reverse("comunicaciones:attachment-remove", args=[piece.pk, attachment.pk]))
    attachment.refresh_from_db()
    assert attachment.removed
    assert attachment.file.storage.exists(attachment.file.name)


def test_list_pages_query_counts_do_not_grow(
    client, paula, jefa, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from comunicaciones.services.planning import media_mention_create, press_release_create

    for n in range(25):
        piece = drafting_piece(paula, title=f"L{n}")
        with django_capture_on_commit_callbacks(execute=True):
            piece_move(piece_id=piece.pk, name="submit_content", actor=paula)
        if n % 2:
            piece_move(piece_id=piece.pk, name="return_content", actor=jefa, comment="Ajustar")
        release = press_release_create(actor=paula, title=f"C{n}", date=date(2026, 11, 1), body="x")
        media_mention_create(
            actor=paula, date=date(2026, 11, 2), outlet="Medio", headline=f"T{n}", press_release=release
        )
    for user, url in [
        (paula, reverse("comunicaciones:piece-list")),
        (jefa, reverse("comunicaciones:notification-list")),
        (jefa, reverse("comunicaciones:mention-list")),
        (jefa, reverse("comunicaciones:press-release-list")),
        (jefa, reverse("comunicaciones:meeting-list")),
        (jefa, reverse("comunicaciones:stat-list")),
        (jefa, reverse("comunicaciones:report-list")),
    ]:
        login(client, user)
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200, url


def test_the_minutes_pdf(client, paula, reader):
    import io

    from pypdf import PdfReader

    from comunicaciones.services.planning import meeting_record

    meeting = meeting_record(
        actor=paula, date=date(2026, 11, 20), attendees="Jefa, Paula", topics="Agenda de noviembre",
        products="Video de la jornada", channels=["youtube"], decisions="Priorizar afiliación",
    )  # fmt: skip
    login(client, reader)
    response = client.get(reverse("comunicaciones:meeting-pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Acta del comité editorial del 20 de noviembre de 2026" in text
    assert "Video de la jornada" in text
    assert "Priorizar afiliación" in text
    assert "YouTube" in text


def test_a_piece_names_its_editorial_meeting_with_a_colombian_date(client, paula, pedro):
    need = PieceFactory(author=None, created_by=paula, title="Campaña La Familia que elijo")
    login(client, paula)
    client.post(
        reverse("comunicaciones:meeting-create"),
        {
            "date": "2026-11-20",
            "attendees": "Jefa, Paula, Pedro",
            "topics": "La Familia que elijo",
            "channels": ["facebook"],
            "pieces": [need.pk],
            "products": "",
            "author": pedro.pk,
        },
    )
    body = client.get(reverse("comunicaciones:piece-detail", args=[need.pk])).content.decode()
    assert "Comité editorial 20/11/2026" in body
