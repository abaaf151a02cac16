"""Permission matrix of every page: anonymous, no role, read-only, out of scope, team."""

from datetime import date

import pytest
from django.urls import reverse

from comunicaciones.models import Piece
from comunicaciones.services.reports import monthly_report_generate
from comunicaciones.tests.factories import PieceFactory, advance, drafting_piece, professional
from core.roles import Role
from core.tests.factories import login, make_user
from core.tests.permissions import ANONYMOUS, LOGIN, assert_statuses

S = Piece.Status


@pytest.fixture
def world(db, antioquia, cundinamarca, paula, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_REVIEW)
    foreign = PieceFactory(author=None, created_by=jefa, territory=cundinamarca)
    attachment = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.DESIGN_REVIEW).attachments.first()
    report = monthly_report_generate(month="2026-10-01")
    from comunicaciones.services.planning import meeting_record

    meeting = meeting_record(actor=jefa, date=date(2026, 11, 1), attendees="A", topics="T", products="Pieza del comité")
    return {
        "meeting": meeting,
        "piece": piece,
        "foreign": foreign,
        "attachment": attachment,
        "report": report,
        "antioquia_pro": professional("antioqueno", territories=[antioquia]),
    }


def read_pages(w):
    return [
        reverse("comunicaciones:piece-list"),
        reverse("comunicaciones:piece-detail", args=[w["piece"].pk]),
        reverse("comunicaciones:calendar"),
        reverse("comunicaciones:calendar") + "?vista=semana",
        reverse("comunicaciones:meeting-list"),
        reverse("comunicaciones:meeting-detail", args=[w["meeting"].pk]),
        reverse("comunicaciones:meeting-pdf", args=[w["meeting"].pk]),
        reverse("comunicaciones:stat-list"),
        reverse("comunicaciones:report-list"),
        reverse("comunicaciones:report-download", args=[w["report"].pk]),
        reverse("comunicaciones:mention-list"),
        reverse("comunicaciones:press-release-list"),
        reverse("comunicaciones:piece-export"),
        reverse("comunicaciones:attachment-download", args=[w["attachment"].piece_id, w["attachment"].pk]),
    ]


def team_pages(w):
    return [
        reverse("comunicaciones:need-create"),
        reverse("comunicaciones:piece-edit", args=[w["piece"].pk]),
        reverse("comunicaciones:meeting-create"),
        reverse("comunicaciones:stat-edit"),
        reverse("comunicaciones:stat-import"),
        reverse("comunicaciones:mention-create"),
        reverse("comunicaciones:press-release-create"),
        reverse("comunicaciones:notification-list"),
    ]


def chief_pages(w):
    return [reverse("comunicaciones:inbox"), reverse("comunicaciones:review", args=[w["piece"].pk])]


def test_it_sends_anonymous_users_to_login(client, world):
    assert_statuses(client, read_pages(world) + team_pages(world) + chief_pages(world), {ANONYMOUS: LOGIN})


def test_it_refuses_users_without_a_role(client, world, nobody):
    assert_statuses(client, read_pages(world) + team_pages(world) + chief_pages(world), {nobody: 403})


def test_it_lets_read_only_users_read_but_not_act(client, world, reader):
    assert_statuses(client, read_pages(world), {reader: 200})
    assert_statuses(client, team_pages(world) + chief_pages(world), {reader: 403})
    login(client, reader)
    response = client.post(
        reverse("comunicaciones:piece-transition", args=[world["piece"].pk]), {"action": "approve_content"}
    )
    assert response.status_code == 403


def test_it_lets_the_national_admin_see_everything(client, world, alice):
    foreign = reverse("comunicaciones:piece-detail", args=[world["foreign"].pk])
    assert_statuses(client, [*read_pages(world), foreign], {alice: 200})


def test_it_hides_pieces_out_of_scope(client, world):
    login(client, world["antioquia_pro"])
    assert client.get(reverse("comunicaciones:piece-detail", args=[world["foreign"].pk])).status_code == 404
    assert client.get(reverse("comunicaciones:piece-edit", args=[world["foreign"].pk])).status_code == 404
    response = client.post(
        reverse("comunicaciones:piece-transition", args=[world["foreign"].pk]), {"action": "start_production"}
    )
    assert response.status_code == 404
    assert client.get(reverse("comunicaciones:piece-detail", args=[world["piece"].pk])).status_code == 200
    listing = client.get(reverse("comunicaciones:piece-list"))
    assert world["foreign"].title not in listing.content.decode()


def test_it_opens_every_page_for_the_team(client, world, paula, jefa):
    assert_statuses(client, read_pages(world) + team_pages(world), {paula: 200, jefa: 200})
    assert_statuses(client, chief_pages(world), {paula: 403, jefa: 200})


def test_it_shows_the_comms_pages_in_spanish(client, world, jefa):
    login(client, jefa)
    page = client.get(reverse("comunicaciones:inbox")).content.decode()
    assert "Bandeja de revisión" in page
    assert "Revisar" in page
    detail = client.get(reverse("comunicaciones:piece-detail", args=[world["piece"].pk])).content.decode()
    assert "Revisión de contenido" in detail
    assert "Versiones y revisiones" in detail


def test_home_shows_the_comms_widgets(client, world, jefa):
    login(client, jefa)
    page = client.get(reverse("core:home")).content.decode()
    assert "Piezas esperando revisión" in page


def test_admin_role_cannot_use_the_workflow(client, world):
    admin = make_user("admin2", Role.NATIONAL_ADMIN)
    login(client, admin)
    response = client.post(
        reverse("comunicaciones:piece-transition", args=[world["piece"].pk]), {"action": "approve_content"}
    )
    assert response.status_code == 403


def post_endpoints(w):
    piece, attachment = w["piece"], w["attachment"]
    return [
        reverse("comunicaciones:need-create"),
        reverse("comunicaciones:piece-edit", args=[piece.pk]),
        reverse("comunicaciones:piece-transition", args=[piece.pk]),
        reverse("comunicaciones:attachment-upload", args=[piece.pk]),
        reverse("comunicaciones:attachment-remove", args=[attachment.piece_id, attachment.pk]),
        reverse("comunicaciones:publication-create", args=[piece.pk]),
        reverse("comunicaciones:piece-reschedule", args=[piece.pk]),
        reverse("comunicaciones:meeting-create"),
        reverse("comunicaciones:stat-edit"),
        reverse("comunicaciones:stat-import"),
        reverse("comunicaciones:report-list"),
        reverse("comunicaciones:mention-create"),
        reverse("comunicaciones:press-release-create"),
        reverse("comunicaciones:notification-read"),
    ]


def test_every_write_endpoint_refuses_anonymous_roleless_and_read_only_users(client, world, nobody, reader):
    from core.models import Job

    before = (Piece.objects.count(), Job.objects.count())
    assert_statuses(
        client,
        post_endpoints(world),
        {ANONYMOUS: LOGIN, nobody: 403, reader: 403},
        method="post",
        data={"action": "approve_content", "month": "2026-10", "planned_date": "2026-01-01"},
    )
    assert (Piece.objects.count(), Job.objects.count()) == before
    assert Piece.objects.get(pk=world["piece"].pk).status == S.CONTENT_REVIEW


def test_write_endpoints_on_a_piece_out_of_scope_are_404(client, world):
    foreign = world["foreign"]
    names = ("piece-edit", "piece-transition", "attachment-upload", "publication-create", "piece-reschedule")
    assert_statuses(
        client,
        [reverse(f"comunicaciones:{name}", args=[foreign.pk]) for name in names],
        {world["antioquia_pro"]: 404},
        method="post",
        data={"planned_date": "2026-01-01"},
    )


def test_our_words_win_over_other_catalogues(client, paula, jefa):
    """Short msgids other apps translate differently carry the "comunicaciones" context."""
    from comunicaciones.tests.factories import drafting_piece as draft

    piece = draft(paula)
    from comunicaciones.services.workflow import piece_move

    piece_move(piece_id=piece.pk, name="submit_content", actor=paula)
    piece_move(piece_id=piece.pk, name="return_content", actor=jefa, comment="x")
    login(client, paula)
    page = client.get(reverse("comunicaciones:piece-detail", args=[piece.pk])).content.decode()
    assert "Solicitado por" in page
    assert "(ronda 1)" in page
    assert "Subir" in page
    form = client.get(reverse("comunicaciones:mention-create")).content.decode()
    assert ">Fecha" in form
    login(client, jefa)
    reports = client.get(reverse("comunicaciones:report-list")).content.decode()
    assert "Todavía no hay informes." in reports
    assert ">Generado<" in reports
