"""Commitments: created with a responsible person and a due date, moved through their workflow,
marked overdue by the nightly task, and sent in the weekly digest."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.roles import Role
from core.tests.factories import make_user
from core.workflow import TransitionError
from meetings import services
from meetings.models import Commitment, CommitmentHistory
from meetings.tests.factories import make_commitment, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(bob, medellin):
    return make_meeting(actor=bob, territory=medellin)


@pytest.fixture
def dora(medellin):
    """A card-team worker of Medellín: responsible for commitments, no meeting role."""
    return make_user("dora", Role.CARDS, territories=[medellin])


def test_it_refuses_a_commitment_without_a_responsible_person(bob, meeting):
    with pytest.raises(ValidationError) as refusal:
        services.commitment_create(
            actor=bob,
            meeting=meeting,
            description="Llamar a la alcaldía",
            responsible=None,
            due_on=timezone.localdate(),
        )
    assert "Responsable" in refusal.value.message_dict["responsible"][0]


def test_it_refuses_a_commitment_without_a_due_date(bob, meeting, dora):
    with pytest.raises(ValidationError) as refusal:
        services.commitment_create(actor=bob, meeting=meeting, description="Llamar", responsible=dora, due_on=None)
    assert "Fecha límite" in refusal.value.message_dict["due_on"][0]


def test_a_new_commitment_is_pending_with_its_first_history_row(bob, meeting, dora):
    commitment = make_commitment(actor=bob, meeting=meeting, responsible=dora)
    assert commitment.status == Commitment.Status.PENDING
    assert list(CommitmentHistory.objects.filter(commitment=commitment).values_list("to_status", flat=True)) == [
        Commitment.Status.PENDING
    ]


def test_the_responsible_person_starts_and_completes_it(bob, meeting, dora):
    commitment = make_commitment(actor=bob, meeting=meeting, responsible=dora)
    services.commitment_move(actor=dora, commitment=commitment, name="start")
    services.commitment_move(actor=dora, commitment=commitment, name="complete")
    commitment.refresh_from_db()
    assert (commitment.status, commitment.done_on) == (Commitment.Status.DONE, timezone.localdate())


def test_someone_else_without_a_meeting_role_cannot_move_it(bob, meeting, dora, medellin):
    other = make_user("ernesto", Role.CARDS, territories=[medellin])
    commitment = make_commitment(actor=bob, meeting=meeting, responsible=dora)
    with pytest.raises(PermissionDenied):
        services.commitment_move(actor=other, commitment=commitment, name="complete")


def test_an_organizer_of_another_territory_gets_not_found(bob, charlie, meeting, dora):
    commitment = make_commitment(actor=bob, meeting=meeting, responsible=dora)
    with pytest.raises(PermissionDenied) as refusal:
        services.commitment_move(actor=charlie, commitment=commitment, name="complete")
    assert refusal.type.__name__ == "OutOfReach"


def test_only_an_organizer_reopens_a_done_commitment(bob, meeting, dora):
    commitment = make_commitment(actor=bob, meeting=meeting, responsible=dora)
    services.commitment_move(actor=dora, commitment=commitment, name="complete")
    with pytest.raises(TransitionError):
        services.commitment_move(actor=dora, commitment=commitment, name="reopen")
    services.commitment_move(actor=bob, commitment=commitment, name="reopen")
    commitment.refresh_from_db()
    assert (commitment.status, commitment.done_on) == (Commitment.Status.IN_PROGRESS, None)


def test_the_nightly_task_marks_late_open_commitments_overdue(bob, meeting, dora):
    late = make_commitment(actor=bob, meeting=meeting, responsible=dora, days=-1)
    on_time = make_commitment(actor=bob, meeting=meeting, responsible=dora, days=0)
    done = make_commitment(actor=bob, meeting=meeting, responsible=dora, days=-3)
    services.commitment_move(actor=dora, commitment=done, name="complete")

    assert services.commitments_mark_overdue() == 1
    statuses = dict(Commitment.objects.values_list("pk", "status"))
    assert statuses == {
        late.pk: Commitment.Status.OVERDUE,
        on_time.pk: Commitment.Status.PENDING,
        done.pk: Commitment.Status.DONE,
    }


def test_an_overdue_commitment_can_still_be_completed(bob, meeting, dora):
    late = make_commitment(actor=bob, meeting=meeting, responsible=dora, days=-1)
    services.commitments_mark_overdue()
    services.commitment_move(actor=dora, commitment=late, name="complete")
    late.refresh_from_db()
    assert late.status == Commitment.Status.DONE


def test_the_weekly_digest_lists_overdue_and_coming_commitments_of_each_person(bob, meeting, dora):
    make_commitment(actor=bob, meeting=meeting, responsible=dora, days=-2, description="Entregar carnets pendientes")
    make_commitment(actor=bob, meeting=meeting, responsible=dora, days=3, description="Convocar jornada")
    make_commitment(actor=bob, meeting=meeting, responsible=dora, days=30, description="Informe trimestral")
    make_commitment(actor=bob, meeting=meeting, responsible=bob, days=1, description="Revisar metas")

    assert services.commitments_digest_send() == 2
    dora_mail = next(m for m in mail.outbox if m.to == [dora.email])
    assert dora_mail.subject == "Sus compromisos: 1 vencidos, 1 para esta semana"
    body = dora_mail.body
    assert ("Entregar carnets pendientes" in body, "Convocar jornada" in body, "Informe trimestral" in body) == (
        True,
        True,
        False,
    )


def test_the_digest_leaves_out_done_commitments(bob, meeting, dora):
    commitment = make_commitment(actor=bob, meeting=meeting, responsible=dora, days=-2)
    services.commitment_move(actor=dora, commitment=commitment, name="complete")
    assert services.commitments_digest_send() == 0


def test_the_digest_task_sends_through_the_mail_outbox(bob, meeting, dora):
    from meetings.tasks import commitments_digest_send

    make_commitment(actor=bob, meeting=meeting, responsible=dora, days=-1)
    commitments_digest_send.apply()
    assert [m.to for m in mail.outbox] == [[dora.email]]


def test_the_home_counter_counts_late_commitments_before_the_nightly_task(bob, meeting, dora):
    from meetings.selectors import overdue_count

    make_commitment(actor=bob, meeting=meeting, responsible=dora, days=-1)
    make_commitment(actor=bob, meeting=meeting, responsible=dora, days=1)
    assert overdue_count(dora) == 1
