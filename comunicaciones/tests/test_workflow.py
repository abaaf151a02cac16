"""The piece's state machine: every move allowed and refused per role, both review loops."""

import pytest
from django.core import mail

from comunicaciones.models import Notification, Piece, PieceEvent, PieceVersion
from comunicaciones.services.uploads import attachment_add
from comunicaciones.services.workflow import (
    TRANSITIONS,
    PieceTransitionError,
    allowed_transitions,
    piece_move,
    piece_register_need,
    piece_update,
    publication_record,
    refusal,
)
from comunicaciones.tests.factories import PieceFactory, advance, chief, drafting_piece, png_upload, professional
from core.models import AuditEvent
from core.roles import Role
from core.tests.factories import make_user

S = Piece.Status

# For each action: the state it starts from, and who in the cast may do it.
# Cast: author (professional who drafts and designs), other (another professional),
# boss (chief, not involved), chief_author (a chief who is the piece's author), admin, reader, nobody.
MATRIX = {
    "plan_meeting": (S.NEED, {"author", "other", "boss", "chief_author"}),
    "start_production": (S.EDITORIAL, {"author", "other", "boss", "chief_author"}),
    "submit_content": (S.DRAFTING, {"author", "chief_author"}),
    "approve_content": (S.CONTENT_REVIEW, {"boss"}),
    "return_content": (S.CONTENT_REVIEW, {"boss"}),
    "start_design": (S.CONTENT_APPROVED, {"author", "other", "boss", "chief_author"}),
    "submit_design": (S.DESIGN, {"author", "chief_author"}),
    "approve_design": (S.DESIGN_REVIEW, {"boss"}),
    "return_design": (S.DESIGN_REVIEW, {"boss"}),
    "deliver_final": (S.DESIGN_APPROVED, {"author", "chief_author", "boss"}),
    "publish": (S.FINAL_DELIVERED, {"author", "other", "boss", "chief_author"}),
}
CAST = ["author", "other", "boss", "chief_author", "admin", "reader", "nobody"]


@pytest.fixture
def cast(db):
    return {
        "author": professional("autora"),
        "other": professional("otro"),
        "boss": chief("jefa"),
        "chief_author": chief("jefa_autora"),
        "admin": make_user("admin_nal", Role.NATIONAL_ADMIN),
        "reader": make_user("lector", Role.READ_ONLY),
        "nobody": make_user("nadie"),
    }


def piece_in(status, *, author, boss):
    """A piece whose author (and designer) is `author`, brought to `status` the legal way."""
    if status in (S.NEED, S.EDITORIAL):
        return PieceFactory(author=None, created_by=author, status=status)
    piece = drafting_piece(author)
    return advance(piece, author=author, boss=boss, until=status)


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("who", CAST)
def test_it_allows_or_refuses_each_transition_per_role(cast, action, who):
    source, allowed = MATRIX[action]
    producer = cast["chief_author"] if who == "chief_author" else cast["author"]
    reviewer = cast["boss"]
    piece = piece_in(source, author=producer, boss=reviewer)
    actor = cast[who]
    before_events = piece.events.count()
    comment = "Ajustar el titular" if action.startswith("return") else ""
    if action == "publish":
        call = lambda: publication_record(piece_id=piece.pk, actor=actor, channel="facebook", url="https://fb.com/p/1")  # noqa: E731
    else:
        call = lambda: piece_move(piece_id=piece.pk, name=action, actor=actor, comment=comment)  # noqa: E731

    if action == "publish":  # not a button: the publication form records it
        offered = refusal(piece=piece, transition=TRANSITIONS[action], actor=actor) is None
    else:
        offered = TRANSITIONS[action] in allowed_transitions(piece=piece, user=actor)
    if who in allowed:
        assert offered
        call()
        piece.refresh_from_db()
        assert piece.status == TRANSITIONS[action].target
        event = piece.events.order_by("-pk").first()
        assert (event.action, event.from_status, event.to_status, event.actor) == (action, source, piece.status, actor)
        assert event.version == piece.version
    else:
        assert not offered
        with pytest.raises(PieceTransitionError):
            call()
        piece.refresh_from_db()
        assert piece.status == source
        assert piece.events.count() == before_events


@pytest.mark.parametrize("action", [a for a in TRANSITIONS if a != "plan_meeting"])
def test_it_refuses_every_move_from_the_wrong_state(cast, action):
    piece = PieceFactory(author=None, created_by=cast["author"])  # in NEED
    if action == "start_production":
        piece = piece_in(S.DRAFTING, author=cast["author"], boss=cast["boss"])
    for actor in (cast["author"], cast["boss"]):
        with pytest.raises(PieceTransitionError):
            piece_move(piece_id=piece.pk, name=action, actor=actor, comment="x")
    assert Piece.objects.get(pk=piece.pk).status == piece.status


def test_it_refuses_approving_a_draft_with_a_clear_message(cast):
    piece = piece_in(S.DRAFTING, author=cast["author"], boss=cast["boss"])
    with pytest.raises(PieceTransitionError, match="Borrador|Redacción|redacción"):
        piece_move(piece_id=piece.pk, name="approve_content", actor=cast["boss"])


def test_it_refuses_publishing_before_final_approval(cast):
    piece = piece_in(S.DESIGN_REVIEW, author=cast["author"], boss=cast["boss"])
    with pytest.raises(PieceTransitionError):
        publication_record(piece_id=piece.pk, actor=cast["author"], channel="facebook", url="https://fb.com/1")
    assert not piece.publications.exists()


def test_it_never_lets_the_author_approve_their_own_piece(cast):
    piece = piece_in(S.CONTENT_REVIEW, author=cast["chief_author"], boss=cast["boss"])
    with pytest.raises(PieceTransitionError, match="autor"):
        piece_move(piece_id=piece.pk, name="approve_content", actor=cast["chief_author"])
    assert Piece.objects.get(pk=piece.pk).status == S.CONTENT_REVIEW


def test_it_never_lets_a_professional_approve(cast):
    piece = piece_in(S.CONTENT_REVIEW, author=cast["author"], boss=cast["boss"])
    with pytest.raises(PieceTransitionError, match="jefatura"):
        piece_move(piece_id=piece.pk, name="approve_content", actor=cast["other"])


def test_it_never_lets_the_designer_approve_the_design(cast):
    piece = piece_in(S.CONTENT_APPROVED, author=cast["author"], boss=cast["boss"])
    piece_move(piece_id=piece.pk, name="start_design", actor=cast["chief_author"])
    attachment_add(piece_id=piece.pk, actor=cast["chief_author"], upload=png_upload())
    piece_move(piece_id=piece.pk, name="submit_design", actor=cast["chief_author"])
    with pytest.raises(PieceTransitionError):
        piece_move(piece_id=piece.pk, name="approve_design", actor=cast["chief_author"])
    piece_move(piece_id=piece.pk, name="approve_design", actor=cast["boss"])


def test_it_needs_a_comment_to_return(cast):
    piece = piece_in(S.CONTENT_REVIEW, author=cast["author"], boss=cast["boss"])
    with pytest.raises(PieceTransitionError, match="motivo"):
        piece_move(piece_id=piece.pk, name="return_content", actor=cast["boss"], comment="   ")
    assert Piece.objects.get(pk=piece.pk).status == S.CONTENT_REVIEW


def test_it_refuses_an_empty_submission(cast):
    piece = drafting_piece(cast["author"], text="  ")
    with pytest.raises(PieceTransitionError, match="texto"):
        piece_move(piece_id=piece.pk, name="submit_content", actor=cast["author"])
    assert not piece.versions.exists()


def test_it_refuses_a_design_submission_without_files(cast):
    piece = piece_in(S.CONTENT_APPROVED, author=cast["author"], boss=cast["boss"])
    piece_move(piece_id=piece.pk, name="start_design", actor=cast["author"])
    with pytest.raises(PieceTransitionError, match="archivo"):
        piece_move(piece_id=piece.pk, name="submit_design", actor=cast["author"])


def test_it_refuses_a_decision_on_a_stale_version(cast):
    piece = piece_in(S.CONTENT_REVIEW, author=cast["author"], boss=cast["boss"])
    with pytest.raises(PieceTransitionError, match="versión"):
        piece_move(piece_id=piece.pk, name="approve_content", actor=cast["boss"], expected_version=99)


def test_it_runs_the_content_review_loop(paula, jefa):
    piece = drafting_piece(paula, text="Hola a todos. Vengan el sábado.")
    piece_move(piece_id=piece.pk, name="submit_content", actor=paula)
    piece_move(piece_id=piece.pk, name="return_content", actor=jefa, comment="Falta la hora y el lugar")
    piece.refresh_from_db()
    assert piece.status == S.CONTENT_RETURNED
    with pytest.raises(PieceTransitionError):
        piece_update(piece_id=piece.pk, actor=jefa, text="cambio de la jefa")
    piece_update(piece_id=piece.pk, actor=paula, text="Hola a todos. Vengan el sábado a las 9 a. m. al parque.")
    piece_move(piece_id=piece.pk, name="submit_content", actor=paula)
    piece_move(piece_id=piece.pk, name="approve_content", actor=jefa)
    versions = list(piece.versions.order_by("number"))
    assert [(v.number, v.stage, v.round, v.decision) for v in versions] == [
        (1, "content", 1, "returned"),
        (2, "content", 2, "approved"),
    ]
    assert versions[0].text == "Hola a todos. Vengan el sábado."
    assert versions[0].comment == "Falta la hora y el lugar"
    assert [e.to_status for e in piece.events.order_by("pk")] == [
        S.NEED, S.DRAFTING, S.CONTENT_REVIEW, S.CONTENT_RETURNED, S.CONTENT_REVIEW, S.CONTENT_APPROVED,
    ]  # fmt: skip


def test_it_runs_the_design_review_loop_and_freezes_files(paula, pedro, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_APPROVED)
    piece_move(piece_id=piece.pk, name="start_design", actor=pedro)
    first = attachment_add(piece_id=piece.pk, actor=pedro, upload=png_upload("v1.png"))
    piece_move(piece_id=piece.pk, name="submit_design", actor=pedro)
    piece_move(piece_id=piece.pk, name="return_design", actor=jefa, comment="Logo más grande")
    from comunicaciones.services.uploads import attachment_remove

    attachment_remove(attachment_id=first.pk, actor=pedro)
    second = attachment_add(piece_id=piece.pk, actor=pedro, upload=png_upload("v2.png"))
    piece_move(piece_id=piece.pk, name="submit_design", actor=pedro)
    piece_move(piece_id=piece.pk, name="approve_design", actor=jefa)
    piece_move(piece_id=piece.pk, name="deliver_final", actor=pedro)
    publication_record(piece_id=piece.pk, actor=paula, channel="instagram", url="https://instagram.com/p/abc")
    publication_record(piece_id=piece.pk, actor=paula, channel="facebook", url="https://facebook.com/p/abc")
    piece.refresh_from_db()
    assert piece.status == S.PUBLISHED
    assert piece.published_at
    assert piece.delivered_at
    design = list(piece.versions.filter(stage="design").order_by("number"))
    assert [list(v.attachments.all()) for v in design] == [[first], [second]]
    assert [(v.round, v.decision) for v in design] == [(1, "returned"), (2, "approved")]
    assert list(piece.attachments.filter(is_final=True)) == [second]
    # One move into "published"; every publication (each channel) is in the history.
    assert piece.events.filter(from_status=S.FINAL_DELIVERED, to_status=S.PUBLISHED).count() == 1
    assert piece.events.filter(action="publish").count() == 2
    with pytest.raises(PieceTransitionError, match="ya fue publicada"):
        publication_record(piece_id=piece.pk, actor=paula, channel="facebook", url="https://facebook.com/p/2")


def test_it_notifies_the_chiefs_and_the_author(paula, jefa, jefe2, django_capture_on_commit_callbacks):
    piece = drafting_piece(paula)
    with django_capture_on_commit_callbacks(execute=True):
        piece_move(piece_id=piece.pk, name="submit_content", actor=paula)
    assert set(Notification.objects.filter(piece=piece).values_list("recipient__username", flat=True)) == {
        "jefa",
        "jefe2",
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["jefa@example.org", "jefe2@example.org"]
    assert "revisión" in mail.outbox[0].subject
    assert f"/comunicaciones/revision/{piece.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        piece_move(piece_id=piece.pk, name="return_content", actor=jefa, comment="Revisar cifras")
    note = Notification.objects.get(recipient=paula)
    assert "devolvió" in note.message
    assert note.comment == "Revisar cifras"
    assert [m.to for m in mail.outbox] == [["paula@example.org"]]
    assert "Revisar cifras" in mail.outbox[0].body
    assert f"/comunicaciones/piezas/{piece.pk}/" in mail.outbox[0].body
    assert Notification.objects.get(recipient=paula).emailed_at is not None


def test_it_audits_each_decision(paula, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.CONTENT_APPROVED)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.APPROVE, object_id=str(piece.pk)).count() == 1


def test_it_sends_a_one_off_need_straight_to_production(paula):
    piece = piece_register_need(
        actor=paula, title="Comunicado urgente", requested_by="Presidencia", request="Rechazo", one_off=True
    )
    assert piece.status == S.DRAFTING
    assert piece.author == paula
    assert list(piece.events.values_list("to_status", flat=True)) == [S.NEED, S.DRAFTING]


def test_it_refuses_registration_from_outside_the_team(reader):
    with pytest.raises(PieceTransitionError):
        piece_register_need(actor=reader, title="x", requested_by="y", request="z")
    assert not Piece.objects.exists()


def test_it_refuses_a_piece_out_of_scope(antioquia, cundinamarca, jefa):
    local = professional("antioqueña", territories=[antioquia])
    piece = PieceFactory(author=None, created_by=jefa, territory=cundinamarca)
    with pytest.raises(PieceTransitionError, match="alcance"):
        piece_move(piece_id=piece.pk, name="start_production", actor=local)


def test_versions_record_waiting_time(paula, jefa):
    piece = drafting_piece(paula)
    piece_move(piece_id=piece.pk, name="submit_content", actor=paula)
    piece_move(piece_id=piece.pk, name="approve_content", actor=jefa)
    version = PieceVersion.objects.get(piece=piece)
    assert version.decided_by == jefa
    assert version.waiting_seconds >= 0
    assert PieceEvent.objects.filter(piece=piece, action="approve_content", version=1).exists()


def test_it_refuses_publishing_without_a_publication_record(paula, jefa):
    piece = advance(drafting_piece(paula), author=paula, boss=jefa, until=S.FINAL_DELIVERED)
    with pytest.raises(PieceTransitionError, match="canal y URL"):
        piece_move(piece_id=piece.pk, name="publish", actor=paula)
    assert Piece.objects.get(pk=piece.pk).status == S.FINAL_DELIVERED


def test_it_only_assigns_pieces_to_the_team(paula, reader):
    piece = PieceFactory(author=None, created_by=paula, one_off=True)
    with pytest.raises(PieceTransitionError, match="equipo"):
        piece_move(piece_id=piece.pk, name="start_production", actor=paula, assignee=reader)
    piece_move(piece_id=piece.pk, name="start_production", actor=paula, assignee=professional("pablo"))
    assert Piece.objects.get(pk=piece.pk).author.username == "pablo"


def test_a_regular_need_goes_through_the_editorial_meeting(paula):
    piece = PieceFactory(author=None, created_by=paula, one_off=False)
    with pytest.raises(PieceTransitionError, match="comité editorial"):
        piece_move(piece_id=piece.pk, name="start_production", actor=paula)
    piece_move(piece_id=piece.pk, name="plan_meeting", actor=paula)
    piece_move(piece_id=piece.pk, name="start_production", actor=paula)
    assert Piece.objects.get(pk=piece.pk).status == S.DRAFTING
