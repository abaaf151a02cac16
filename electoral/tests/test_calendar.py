from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from electoral.models import Election, Milestone
from electoral.services.calendar import (
    milestone_create,
    milestone_reminders_send,
    milestone_set_status,
    milestones_copy,
    milestones_mark_overdue,
)
from electoral.tasks import send_milestone_reminders
from electoral.tests.factories import ElectionFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_a_milestone_without_date(secretary, election):
    with pytest.raises(ValidationError) as exc:
        milestone_create(actor=secretary, election=election, name="Inscripción de listas", deadline=None)
    assert "no tiene fecha límite" in str(exc.value)
    assert not Milestone.objects.exists()


def test_it_refuses_a_milestone_without_date_in_the_form(login_as, secretary, election):
    response = login_as(secretary).post(
        reverse("electoral:milestone-create", args=[election.pk]), {"name": "Inscripción", "deadline": ""}
    )
    assert response.status_code == 200
    assert "La fecha límite legal (fecha y hora) es obligatoria." in response.content.decode()
    assert not Milestone.objects.exists()


def test_it_moves_a_milestone_and_keeps_history(secretary, election):
    milestone = MilestoneFactory(election=election)
    milestone_set_status(actor=secretary, milestone=milestone, status=Milestone.Status.IN_PROGRESS)
    milestone_set_status(actor=secretary, milestone=milestone, status=Milestone.Status.DONE, note="Radicado")
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.DONE
    assert milestone.completed_at
    assert [h.to_status for h in milestone.history.order_by("id")] == ["en_curso", "cumplido"]


def test_it_refuses_illegal_milestone_moves(secretary, election):
    milestone = MilestoneFactory(election=election)
    with pytest.raises(ValidationError) as exc:
        milestone_set_status(actor=secretary, milestone=milestone, status=Milestone.Status.OVERDUE)
    assert "no puede pasar de" in str(exc.value)


@pytest.mark.parametrize("who", ["bob", "reader"])
def test_it_refuses_milestone_moves_by_other_roles(request, who, election):
    milestone = MilestoneFactory(election=election)
    with pytest.raises(PermissionDenied):
        milestone_set_status(actor=request.getfixturevalue(who), milestone=milestone, status=Milestone.Status.DONE)


def test_the_responsible_person_may_move_their_milestone(bob, election):
    milestone = MilestoneFactory(election=election, responsible=bob)
    milestone_set_status(actor=bob, milestone=milestone, status=Milestone.Status.DONE)
    assert Milestone.objects.get(pk=milestone.pk).status == Milestone.Status.DONE


def test_it_marks_overdue_milestones_once(election):
    late = MilestoneFactory(election=election, deadline=timezone.now() - timedelta(hours=1))
    MilestoneFactory(election=election)
    assert milestones_mark_overdue() == 1
    assert milestones_mark_overdue() == 0
    late.refresh_from_db()
    assert late.status == Milestone.Status.OVERDUE
    assert late.history.filter(to_status="vencido", actor=None).count() == 1


def test_it_copies_a_milestone_set_shifted_to_the_new_date(secretary, territories):
    old = ElectionFactory(date=timezone.localdate() - timedelta(days=1460))
    new = ElectionFactory(date=old.date + timedelta(days=1463))
    first = MilestoneFactory(election=old, deadline=timezone.now() - timedelta(days=1500))
    MilestoneFactory(election=old, deadline=timezone.now() - timedelta(days=1470))
    copies = milestones_copy(actor=secretary, source=old, target=new)
    assert len(copies) == 2
    copied = new.milestones.get(name=first.name)
    assert copied.deadline - first.deadline == timedelta(days=1463)
    assert copied.status == Milestone.Status.PENDING


def test_reminders_fire_once_before_and_once_on_the_day(secretary, election):
    election.reminder_days = 5
    election.save()
    secretary.email = "secretaria@example.org"
    secretary.save()
    soon = MilestoneFactory(election=election, responsible=secretary, deadline=timezone.now() + timedelta(days=3))
    today = timezone.localdate()
    assert milestone_reminders_send(today=today) == {"early": 1, "day": 0}
    assert milestone_reminders_send(today=today) == {"early": 0, "day": 0}
    assert len(mail.outbox) == 1
    assert soon.name in mail.outbox[0].subject
    # On the day of the deadline: the second reminder, once.
    day = timezone.localdate(soon.deadline)
    assert milestone_reminders_send(today=day) == {"early": 0, "day": 1}
    assert milestone_reminders_send(today=day) == {"early": 0, "day": 0}
    assert len(mail.outbox) == 2
    assert "Hoy vence" in mail.outbox[1].subject


def test_the_task_runs_idempotently(secretary, election):
    secretary.email = "s@example.org"
    secretary.save()
    MilestoneFactory(election=election, responsible=secretary, deadline=timezone.now() + timedelta(days=2))
    send_milestone_reminders()
    send_milestone_reminders()
    assert len(mail.outbox) == 1


def test_it_shows_the_calendar_and_the_deadline_list(login_as, reader, election):
    MilestoneFactory(election=election, name="Hito vencido", deadline=timezone.now() - timedelta(days=1))
    client = login_as(reader)
    page = client.get(reverse("electoral:milestone-calendar", args=[election.pk]))
    assert page.status_code == 200
    assert "Hito vencido" in page.content.decode()
    listing = client.get(reverse("electoral:milestone-all"))
    assert "Hito vencido" in listing.content.decode()
    assert "table-danger" in listing.content.decode()


def test_it_creates_an_election_in_scope_only(login_as, sec_antioquia, cundinamarca, antioquia):
    client = login_as(sec_antioquia)
    url = reverse("electoral:election-create")
    data = {"name": "Gobernación", "kind": "governor", "date": "2027-10-26", "reminder_days": 5}
    assert client.post(url, {**data, "territory": cundinamarca.pk}).status_code == 200  # not a choice
    response = client.post(url, {**data, "territory": antioquia.pk})
    assert response.status_code == 302
    assert Election.objects.get().territory == antioquia


def test_without_a_responsible_the_election_creator_is_reminded(secretary, election):
    secretary.email = "creadora@example.org"
    secretary.save()
    election.created_by = secretary
    election.save()
    MilestoneFactory(election=election, responsible=None, deadline=timezone.now() + timedelta(days=1))
    assert milestone_reminders_send() == {"early": 1, "day": 0}
    assert mail.outbox[0].to == ["creadora@example.org"]
