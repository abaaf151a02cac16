"""Two chiefs deciding on the same piece at once: one wins, the other is told (two DB connections)."""

import threading
import time

import pytest
from django.db import connection, transaction

from comunicaciones.models import Piece, PieceEvent, PieceVersion
from comunicaciones.services.workflow import PieceTransitionError, piece_move
from comunicaciones.tests.factories import advance, chief, drafting_piece, professional

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(func, results, key):
    def run():
        try:
            results[key] = func()
        except Exception as exc:  # collected for the assertions
            results[key] = exc
        finally:
            from django.db import connections

            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_it_lets_one_chief_win_while_the_other_waits_on_the_lock():
    author, first, second = professional("autora"), chief("jefa_a"), chief("jefa_b")
    piece = advance(drafting_piece(author), author=author, boss=first, until=Piece.Status.CONTENT_REVIEW)
    results = {}
    with transaction.atomic():
        # Chief A holds the row (as the service does) while chief B tries to return the piece.
        Piece.objects.select_for_update().get(pk=piece.pk)
        thread = _in_thread(
            lambda: piece_move(piece_id=piece.pk, name="return_content", actor=second, comment="No"),
            results,
            "b",
        )
        time.sleep(0.5)
        assert thread.is_alive(), "chief B must wait for chief A's lock"
        piece_move(piece_id=piece.pk, name="approve_content", actor=first)
    thread.join(10)
    assert isinstance(results["b"], PieceTransitionError)
    message = results["b"].messages[0]
    assert "ya no está esperando revisión" in message
    assert str(first) in message
    piece.refresh_from_db()
    assert piece.status == Piece.Status.CONTENT_APPROVED
    assert PieceEvent.objects.filter(piece=piece, action__in=["approve_content", "return_content"]).count() == 1
    version = PieceVersion.objects.get(piece=piece)
    assert version.decision == "approved"
    assert version.decided_by == first


def test_it_accepts_exactly_one_of_two_simultaneous_decisions():
    author, first, second = professional("autora"), chief("jefa_a"), chief("jefa_b")
    piece = advance(drafting_piece(author), author=author, boss=first, until=Piece.Status.CONTENT_REVIEW)
    barrier = threading.Barrier(2)
    results = {}

    def decide(actor, action, comment=""):
        def go():
            barrier.wait()
            return piece_move(piece_id=piece.pk, name=action, actor=actor, comment=comment, expected_version=1)

        return go

    threads = [
        _in_thread(decide(first, "approve_content"), results, "a"),
        _in_thread(decide(second, "return_content", "Cambiar la foto"), results, "b"),
    ]
    for thread in threads:
        thread.join(10)
    outcomes = sorted(type(r).__name__ for r in results.values())
    assert outcomes == ["Piece", "PieceTransitionError"]
    assert connection.is_usable()
    assert PieceVersion.objects.filter(piece=piece).exclude(decision="").count() == 1
    assert PieceEvent.objects.filter(piece=piece, action__in=["approve_content", "return_content"]).count() == 1
