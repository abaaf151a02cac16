from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from attention import services
from attention.calendar import add_business_days
from attention.models import AttentionHistory, AttentionRequest
from attention.tests.factories import make_request
from core.models import AuditEvent
from militancia.models import Member
from militancia.tests.factories import MemberFactory

Status = AttentionRequest.Status


@pytest.mark.django_db
def test_it_files_a_request_with_its_legal_due_date(medellin, bob):
    received = date(2025, 12, 19)
    req = make_request(territory=medellin, actor=bob, kind="hd_query", received_on=received)
    assert req.due_on == add_business_days(received, 10)
    assert req.legal_max_due_on == add_business_days(received, 15)
    assert req.status == Status.RECEIVED
    assert len(req.tracking_number) == 13
    assert AttentionHistory.objects.filter(request=req, to_status=Status.RECEIVED).count() == 1
    assert AuditEvent.objects.filter(object_id=str(req.pk), action="create").exists()


@pytest.mark.django_db
def test_it_refuses_a_request_with_no_way_to_answer(medellin, bob):
    with pytest.raises(ValidationError) as exc:
        make_request(territory=medellin, actor=bob, email="", phone="", address="")
    assert "email" in exc.value.message_dict
    assert AttentionRequest.objects.count() == 0


@pytest.mark.django_db
def test_it_refuses_a_territory_outside_the_staff_scope(bogota, bob):
    with pytest.raises(ValidationError):
        make_request(territory=bogota, actor=bob)
    assert AttentionRequest.objects.count() == 0


@pytest.mark.django_db
def test_it_links_a_member_and_takes_the_member_territory_and_contact(medellin, bogota, alice):
    member = MemberFactory(territory=medellin, email="ana@example.org")
    req = make_request(territory=bogota, actor=alice, member=member, email="", requester_name="")
    assert req.territory == medellin
    assert req.email == member.email
    assert req.requester_name == member.full_name
    assert req.requester_id_number == member.id_number


@pytest.mark.django_db
def test_a_claim_marks_the_member_until_it_is_closed(medellin, bob):
    member = MemberFactory(territory=medellin)
    claim = make_request(territory=medellin, actor=bob, member=member, kind="hd_claim")
    assert Member.objects.get(pk=member.pk).has_open_claim
    services.attention_answer(request=claim, actor=bob, text="Corregimos sus datos.")
    assert Member.objects.get(pk=member.pk).has_open_claim  # answered, not yet closed
    services.attention_transition(request=claim, to_status=Status.CLOSED, actor=bob)
    assert not Member.objects.get(pk=member.pk).has_open_claim


@pytest.mark.django_db
def test_two_claims_keep_the_mark_until_both_close(medellin, bob):
    member = MemberFactory(territory=medellin)
    first = make_request(territory=medellin, actor=bob, member=member, kind="hd_claim")
    second = make_request(territory=medellin, actor=bob, member=member, kind="hd_claim")
    services.attention_answer(request=first, actor=bob, text="Listo.")
    services.attention_transition(request=first, to_status=Status.CLOSED, actor=bob)
    assert Member.objects.get(pk=member.pk).has_open_claim
    services.attention_answer(request=second, actor=bob, text="Listo.")
    services.attention_transition(request=second, to_status=Status.CLOSED, actor=bob)
    assert not Member.objects.get(pk=member.pk).has_open_claim


@pytest.mark.django_db
def test_it_moves_through_the_states_and_refuses_illegal_moves(medellin, bob):
    req = make_request(territory=medellin, actor=bob)
    services.attention_transition(request=req, to_status=Status.IN_PROGRESS, actor=bob)
    services.attention_transition(request=req, to_status=Status.WAITING, actor=bob, note="Falta copia de cédula")
    with pytest.raises(ValidationError):
        services.attention_transition(request=req, to_status=Status.CLOSED, actor=bob)
    with pytest.raises(ValidationError):
        services.attention_transition(request=req, to_status=Status.ANSWERED, actor=bob)
    services.attention_answer(request=req, actor=bob, text="Respuesta")
    services.attention_transition(request=req, to_status=Status.CLOSED, actor=bob)
    with pytest.raises(ValidationError):
        services.attention_transition(request=req, to_status=Status.IN_PROGRESS, actor=bob)
    assert list(req.history.values_list("to_status", flat=True)) == [
        Status.RECEIVED,
        Status.IN_PROGRESS,
        Status.WAITING,
        Status.ANSWERED,
        Status.CLOSED,
    ]


@pytest.mark.django_db
def test_answering_leaves_the_e_mail_to_a_task_sent_on_commit(medellin, bob, django_capture_on_commit_callbacks):
    req = make_request(territory=medellin, actor=bob, email="luis@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.attention_answer(request=req, actor=bob, text="Su carnet está listo.")
    req.refresh_from_db()
    assert req.status == Status.ANSWERED
    assert req.answered_on == timezone.localdate()
    assert len(callbacks) == 1
    assert mail.outbox == []  # nothing sent from the web process


@pytest.mark.django_db
def test_the_answer_task_emails_the_requester_with_the_files(medellin, bob):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from attention.tasks import send_answer_email

    req = make_request(territory=medellin, actor=bob, email="luis@example.org")
    certificate = SimpleUploadedFile("certificado.pdf", b"%PDF-1.4 certificado")
    services.attention_answer(request=req, actor=bob, text="Su carnet está listo.", files=[certificate])
    assert send_answer_email(req.pk) == {"sent": True}  # what the worker runs once the answer commits
    req.refresh_from_db()
    assert req.answer_sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["luis@example.org"]
    assert req.tracking_number in mail.outbox[0].subject
    assert [name for name, _content, _type in mail.outbox[0].attachments] == ["certificado.pdf"]


@pytest.mark.django_db
def test_a_redelivered_answer_task_sends_nothing_twice(medellin, bob):
    from attention.tasks import send_answer_email

    req = make_request(territory=medellin, actor=bob, email="luis@example.org")
    services.attention_answer(request=req, actor=bob, text="Listo.")
    send_answer_email(req.pk)
    assert send_answer_email(req.pk) == {"sent": False}
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_answered_request_cannot_be_answered_again(medellin, bob):
    req = make_request(territory=medellin, actor=bob, email="luis@example.org")
    services.attention_answer(request=req, actor=bob, text="Listo.")
    with pytest.raises(ValidationError):
        services.attention_answer(request=req, actor=bob, text="Otra vez")


@pytest.mark.django_db
def test_it_extends_within_the_legal_maximum_only(medellin, bob):
    today = timezone.localdate()
    req = make_request(territory=medellin, actor=bob, kind="hd_query", received_on=today)
    past_max = req.legal_max_due_on + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.attention_extend(request=req, actor=bob, new_due_on=past_max, reason="Complejo", notice_on=today)
    assert "new_due_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.attention_extend(request=req, actor=bob, new_due_on=req.legal_max_due_on, reason=" ", notice_on=today)
    assert "reason" in exc.value.message_dict
    req.refresh_from_db()
    assert not req.extensions.exists()
    extension = services.attention_extend(
        request=req, actor=bob, new_due_on=req.legal_max_due_on, reason="Requiere revisar archivo", notice_on=today
    )
    req.refresh_from_db()
    assert req.due_on == req.legal_max_due_on == extension.new_due_on
    with pytest.raises(ValidationError):
        services.attention_extend(
            request=req, actor=bob, new_due_on=req.due_on + timedelta(days=1), reason="Más", notice_on=today
        )


@pytest.mark.django_db
def test_the_database_refuses_a_due_date_past_the_legal_maximum(medellin, bob):
    from django.db import IntegrityError, transaction

    req = make_request(territory=medellin, actor=bob)
    with pytest.raises(IntegrityError), transaction.atomic():
        AttentionRequest.objects.filter(pk=req.pk).update(due_on=req.legal_max_due_on + timedelta(days=1))


@pytest.mark.django_db
def test_it_refuses_a_late_notice(medellin, bob):
    received = timezone.localdate() - timedelta(days=40)
    req = make_request(territory=medellin, actor=bob, kind="hd_query", received_on=received)
    with pytest.raises(ValidationError) as exc:
        services.attention_extend(
            request=req,
            actor=bob,
            new_due_on=req.legal_max_due_on,
            reason="Tarde",
            notice_on=req.due_on + timedelta(days=1),
        )
    assert "notice_on" in exc.value.message_dict


@pytest.mark.django_db
def test_it_reminds_assigned_staff_once_a_day(medellin, cundinamarca, bob, charlie):
    today = timezone.localdate()
    overdue = make_request(
        territory=medellin, actor=bob, kind="hd_query", received_on=today - timedelta(days=30), assigned_to=bob
    )
    make_request(territory=medellin, actor=bob, received_on=today, assigned_to=bob)  # not due soon
    make_request(territory=cundinamarca, actor=charlie, received_on=today - timedelta(days=40), assigned_to=charlie)
    assert services.attention_send_reminders(today=today) == 2
    bob_mail = next(m for m in mail.outbox if m.to == [bob.email])
    assert overdue.tracking_number in bob_mail.body
    assert "1" in bob_mail.subject
    assert services.attention_send_reminders(today=today) == 0


@pytest.mark.django_db
def test_the_reminder_task_runs(medellin, bob):
    from attention.tasks import attention_reminders

    make_request(territory=medellin, actor=bob, received_on=timezone.localdate() - timedelta(days=40), assigned_to=bob)
    assert attention_reminders() == {"emails": 1}


@pytest.mark.django_db
def test_unassigned_requests_remind_the_coordinators_who_reach_them(medellin, cundinamarca, alice, bob, charlie):
    today = timezone.localdate()
    late = make_request(territory=medellin, actor=bob, received_on=today - timedelta(days=40))
    assert services.attention_send_reminders(today=today) == 2  # bob (Antioquia) and alice (national)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([alice.email, bob.email])
    assert all(late.tracking_number in m.body for m in mail.outbox)
    assert charlie.email not in recipients
