"""API of pieces: permission matrix, scope, and the same workflow rules as the pages."""

import pytest
from rest_framework.test import APIClient

from comunicaciones.models import Piece
from comunicaciones.tests.factories import PieceFactory, advance, drafting_piece, professional

S = Piece.Status
LIST = "/api/v1/comunicaciones/pieces/"


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def test_it_refuses_anonymous_and_roleless_users(api, nobody, paula):
    piece = PieceFactory(author=paula, created_by=paula)
    assert api.get(LIST).status_code in (401, 403)
    as_user(api, nobody)
    assert api.get(LIST).status_code == 403
    assert api.get(f"{LIST}{piece.pk}/").status_code == 403
    assert api.post(LIST, {"title": "x", "requested_by": "y", "request": "z"}, format="json").status_code == 403


def test_read_only_users_read_but_cannot_create_or_move(api, reader, paula):
    piece = PieceFactory(author=paula, created_by=paula)
    as_user(api, reader)
    assert api.get(LIST).status_code == 200
    assert api.get(f"{LIST}{piece.pk}/").status_code == 200
    assert api.post(LIST, {"title": "x", "requested_by": "y", "request": "z"}, format="json").status_code == 403
    response = api.post(f"{LIST}{piece.pk}/transition/", {"action": "start_production"}, format="json")
    assert response.status_code == 403
    assert Piece.objects.get(pk=piece.pk).status == S.NEED


def test_out_of_scope_pieces_are_404(api, antioquia, cundinamarca, jefa):
    foreign = PieceFactory(author=None, created_by=jefa, territory=cundinamarca)
    local = professional("local", territories=[antioquia])
    as_user(api, local)
    assert api.get(f"{LIST}{foreign.pk}/").status_code == 404
    assert api.post(f"{LIST}{foreign.pk}/transition/", {"action": "start_production"}, format="json").status_code == 404
    assert foreign.pk not in [row["id"] for row in api.get(LIST).json()["results"]]


def test_the_team_registers_and_moves_a_piece(api, paula, jefa):
    as_user(api, paula)
    response = api.post(
        LIST,
        {
            "title": "Video",
            "requested_by": "Región Antioquia",
            "request": "Convocatoria",
            "one_off": True,
            "channels": ["youtube"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == S.DRAFTING
    Piece.objects.filter(pk=pk).update(text="Texto del video")
    response = api.post(f"{LIST}{pk}/transition/", {"action": "submit_content"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == S.CONTENT_REVIEW
    # The author cannot approve, with the service's message.
    response = api.post(f"{LIST}{pk}/transition/", {"action": "approve_content"}, format="json")
    assert response.status_code == 400
    assert "jefatura" in str(response.json())
    as_user(api, jefa)
    response = api.post(f"{LIST}{pk}/transition/", {"action": "return_content"}, format="json")
    assert response.status_code == 400
    assert "motivo" in str(response.json())
    response = api.post(f"{LIST}{pk}/transition/", {"action": "approve_content", "expected_version": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == S.CONTENT_APPROVED
    detail = api.get(f"{LIST}{pk}/").json()
    assert [e["to_status"] for e in detail["events"]] == [S.NEED, S.DRAFTING, S.CONTENT_REVIEW, S.CONTENT_APPROVED]
    assert detail["versions"][0]["decision"] == "approved"
    assert "start_design" in detail["allowed_actions"]


def test_publish_through_the_api(api, paula, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.FINAL_DELIVERED)
    as_user(api, paula)
    response = api.post(f"{LIST}{piece.pk}/publish/", {"channel": "facebook", "url": "https://fb.com/1"}, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == S.PUBLISHED
    response = api.post(f"{LIST}{piece.pk}/publish/", {"channel": "facebook", "url": "https://fb.com/2"}, format="json")
    assert response.status_code == 400


def test_publishing_too_early_is_refused(api, paula, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.DESIGN_APPROVED)
    as_user(api, paula)
    response = api.post(f"{LIST}{piece.pk}/publish/", {"channel": "facebook", "url": "https://fb.com/1"}, format="json")
    assert response.status_code == 400
    assert not piece.publications.exists()


def test_list_filters_and_query_count(api, paula, jefa, django_assert_max_num_queries):
    for n in range(30):
        PieceFactory(author=paula, created_by=paula, channels=["x"] if n % 2 else ["web"])
    as_user(api, jefa)
    with django_assert_max_num_queries(8):
        response = api.get(LIST, {"channel": "x"})
    assert len(response.json()["results"]) == 15


def test_bad_input_is_a_clear_400(api, paula, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.FINAL_DELIVERED)
    as_user(api, paula)
    response = api.post(f"{LIST}{piece.pk}/transition/", {"action": "fly"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["action"]  # the field is named, its choices are in the schema
    response = api.post(f"{LIST}{piece.pk}/publish/", {"channel": "myspace", "url": "https://m.com/1"}, format="json")
    assert response.status_code == 400
    response = api.post(
        LIST, {"title": "x", "requested_by": "y", "request": "z", "channels": ["myspace"]}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["channels"]
    assert Piece.objects.count() == 1
