"""core.workflow: move(), TransitionError, allowed_transitions, the history row and the audit event.

The machine under test is a small ticket model that exists only here: its app label is not
installed, so migrations and permissions never see it; its tables are created per test.
"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.template import Context, Template
from django.test import RequestFactory

from core.models import AuditEvent
from core.roles import Role
from core.tests.badges import badge_tones, status_badges
from core.workflow import (
    StatusHistory,
    Transition,
    TransitionError,
    Workflow,
    allowed_transitions,
    move,
    toned,
)


@toned(OPEN="secondary", APPROVED="success", CLOSED="dark")
class TicketStatus(models.TextChoices):
    OPEN = "open", "Abierto"
    APPROVED = "approved", "Aprobado"
    CLOSED = "closed", "Cerrado"


class Ticket(models.Model):
    Status = TicketStatus

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    reference = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=50, default="ticket")

    class Meta:
        app_label = "workflow_tests"

    def __str__(self) -> str:
        return self.title


class TicketHistory(StatusHistory):
    Status = TicketStatus

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="history")
    version = models.PositiveIntegerField(default=0)

    class Meta(StatusHistory.Meta):
        app_label = "workflow_tests"


def _not_closed_by_its_title(ticket, transition, actor):
    if ticket.title == "frozen":
        return "Este ticket está congelado."
    return None


TICKETS = Workflow(
    model=Ticket,
    history=TicketHistory,
    history_fk="ticket",
    guard=_not_closed_by_its_title,
    transitions=[
        Transition("approve", (Ticket.Status.OPEN,), Ticket.Status.APPROVED, roles=(Role.NATIONAL_ADMIN,)),
        Transition("close", (Ticket.Status.OPEN, Ticket.Status.APPROVED), Ticket.Status.CLOSED, needs_note=True),
        Transition("expire", (Ticket.Status.OPEN,), Ticket.Status.CLOSED, system=True, manual=False),
    ],
)


@pytest.fixture
def tables(db):
    with connection.schema_editor() as editor:
        editor.create_model(Ticket)
        editor.create_model(TicketHistory)
    yield
    # The ticket's content type is rolled back with the test; the cache must forget it too.
    ContentType.objects.clear_cache()


@pytest.fixture
def ticket(tables):
    return Ticket.objects.create()


def test_it_moves_the_status(ticket, alice):
    move(ticket, name="approve", actor=alice)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.APPROVED


def test_it_returns_the_updated_row(ticket, alice):
    moved = move(ticket, name="approve", actor=alice)
    assert moved.status == Ticket.Status.APPROVED


def test_it_updates_the_callers_instance(ticket, alice):
    move(ticket, name="approve", actor=alice)
    assert ticket.status == Ticket.Status.APPROVED


def test_it_appends_a_history_row(ticket, alice):
    move(ticket, name="close", actor=alice, note="Duplicado")
    entry = TicketHistory.objects.get()
    assert (entry.from_status, entry.to_status, entry.actor, entry.note) == ("open", "closed", alice, "Duplicado")


def test_history_rows_show_labels(ticket, alice):
    move(ticket, name="close", actor=alice, note="Duplicado")
    assert str(TicketHistory.objects.get()) == "Abierto → Cerrado"


def test_it_stores_extra_history_fields(ticket, alice):
    move(ticket, name="approve", actor=alice, history={"version": 3})
    assert TicketHistory.objects.get().version == 3


def test_it_writes_the_audit_event(ticket, alice):
    move(ticket, name="approve", actor=alice)
    event = AuditEvent.objects.get(object_id=str(ticket.pk), action=AuditEvent.Action.STATUS_CHANGE)
    assert event.changes == {"status": ["open", "approved"]}


def test_the_audit_action_can_be_named(ticket, alice):
    move(ticket, name="approve", actor=alice, audit_action=AuditEvent.Action.APPROVE)
    assert AuditEvent.objects.filter(object_id=str(ticket.pk), action=AuditEvent.Action.APPROVE).exists()


def test_apply_sets_other_fields_in_the_same_save(ticket, alice):
    def stamp(locked):
        locked.reference = "ACTA-1"

    move(ticket, name="approve", actor=alice, apply=stamp)
    ticket.refresh_from_db()
    assert ticket.reference == "ACTA-1"


def test_a_move_from_the_wrong_state_raises(ticket, alice):
    move(ticket, name="close", actor=alice, note="Fin")
    with pytest.raises(TransitionError):
        move(ticket, name="approve", actor=alice)


def test_a_refused_move_writes_no_history(ticket, alice):
    move(ticket, name="close", actor=alice, note="Fin")
    with pytest.raises(TransitionError):
        move(ticket, name="approve", actor=alice)
    assert TicketHistory.objects.count() == 1


def test_a_role_outside_the_table_is_refused(ticket, bob):
    with pytest.raises(TransitionError):
        move(ticket, name="approve", actor=bob)


def test_a_refused_role_leaves_the_status(ticket, bob):
    with pytest.raises(TransitionError):
        move(ticket, name="approve", actor=bob)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN


def test_an_unknown_move_raises(ticket, alice):
    with pytest.raises(TransitionError):
        move(ticket, name="teleport", actor=alice)


def test_the_guard_refuses_with_its_reason(tables, alice):
    frozen = Ticket.objects.create(title="frozen")
    with pytest.raises(TransitionError, match="congelado"):
        move(frozen, name="approve", actor=alice)


def test_a_move_that_needs_a_note_refuses_without_one(ticket, alice):
    with pytest.raises(TransitionError):
        move(ticket, name="close", actor=alice)


def test_an_error_raised_by_apply_rolls_back(ticket, alice):
    def refuse(locked):
        raise TransitionError("Falta la referencia.")

    with pytest.raises(TransitionError):
        move(ticket, name="approve", actor=alice, apply=refuse)
    assert TicketHistory.objects.count() == 0


def test_the_system_makes_system_moves(ticket):
    move(ticket, name="expire", actor=None)
    assert TicketHistory.objects.get().actor is None


def test_the_system_cannot_make_a_persons_move(ticket):
    with pytest.raises(TransitionError):
        move(ticket, name="approve", actor=None)


def test_allowed_transitions_lists_what_the_user_may_do(ticket, alice):
    assert [t.name for t in allowed_transitions(ticket, alice)] == ["approve", "close"]


def test_allowed_transitions_leaves_out_other_roles_moves(ticket, bob):
    assert [t.name for t in allowed_transitions(ticket, bob)] == ["close"]


def test_allowed_transitions_leaves_out_system_moves(ticket, alice):
    assert "expire" not in [t.name for t in allowed_transitions(ticket, alice)]


def test_a_transition_to_an_unknown_status_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        Workflow(
            model=Ticket,
            history=None,
            history_fk="",
            transitions=[Transition("bad", ("open",), "nowhere")],
        )


def test_every_value_needs_a_tone():
    with pytest.raises(ImproperlyConfigured):

        @toned(A="success")
        class Choices(models.TextChoices):
            A = "a", "A"
            B = "b", "B"


def test_the_badge_uses_the_tone_of_the_status(ticket):
    html = Template("{% load ui %}{% status_badge ticket %}").render(Context({"ticket": ticket}))
    assert "text-bg-secondary" in html


def test_the_badge_shows_the_label(ticket):
    html = Template("{% load ui %}{% status_badge ticket 'approved' %}").render(Context({"ticket": ticket}))
    assert "Aprobado" in html


def test_the_template_tag_asks_allowed_transitions(ticket, bob):
    request = RequestFactory().get("/")
    request.user = bob
    html = Template(
        "{% load ui %}{% allowed_transitions ticket as moves %}{% for m in moves %}{{ m.name }}{% endfor %}"
    ).render(Context({"ticket": ticket, "request": request}))
    assert html == "close"


def test_a_bare_value_draws_the_badge_of_the_choices_named(tables):
    html = Template("{% load ui %}{% status_badge value of=choices %}").render(
        Context({"value": "approved", "choices": TicketStatus})
    )
    assert status_badges(html) == [("approved", "Aprobado")]


def test_a_bare_value_takes_the_tone_of_the_choices_named(tables):
    html = Template("{% load ui %}{% status_badge value of=choices %}").render(
        Context({"value": "approved", "choices": TicketStatus})
    )
    assert badge_tones(html) == ["success"]


def test_a_history_row_draws_from_and_to_as_badges(ticket, alice):
    move(ticket, name="close", actor=alice, note="Duplicado")
    html = Template("{% load ui %}{% status_change row %}").render(Context({"row": TicketHistory.objects.get()}))
    assert status_badges(html) == [("open", "Abierto"), ("closed", "Cerrado")]


def test_a_first_status_draws_only_its_badge(tables):
    row = TicketHistory(from_status="", to_status="open")
    html = Template("{% load ui %}{% status_change row %}").render(Context({"row": row}))
    assert status_badges(html) == [("open", "Abierto")]


def test_a_page_asks_for_a_move_by_name(ticket, alice):
    assert allowed_transitions(ticket, alice)["close"].target == Ticket.Status.CLOSED


def test_a_move_the_user_may_not_make_is_absent_by_name(ticket, bob):
    request = RequestFactory().get("/")
    request.user = bob
    html = Template(
        "{% load ui %}{% allowed_transitions ticket as moves %}{% if moves.approve %}approve{% endif %}"
        "{% if moves.close %}{{ moves.close.name }}{% endif %}"
    ).render(Context({"ticket": ticket, "request": request}))
    assert html == "close"
