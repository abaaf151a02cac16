"""A real Celery worker on the real Redis generates the monthly report and e-mails a notification."""

import time
from datetime import date

import pytest

from comunicaciones.models import MonthlyReport, Notification
from comunicaciones.services.reports import monthly_report_request
from comunicaciones.services.workflow import piece_move
from comunicaciones.tests.factories import drafting_piece
from config.celery import app as celery_app
from core.models import Job
from core.tests.worker import celery_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_a_worker_generates_the_report_and_sends_the_notification_emails(paula, jefa):
    celery_app.conf.task_always_eager = False
    with celery_worker():
        job = monthly_report_request(actor=jefa, month=date(2026, 10, 1))  # autocommit: sent at once
        piece = drafting_piece(paula)
        piece_move(piece_id=piece.pk, name="submit_content", actor=paula)
        assert _wait(lambda: Job.objects.get(pk=job.pk).is_finished)
        assert _wait(lambda: Notification.objects.filter(recipient=jefa, emailed_at__isnull=False).exists())
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.attempts == 1 and job.done == job.total == 4
    report = MonthlyReport.objects.get(month=date(2026, 10, 1))
    assert report.generated_by == jefa and report.file.name.endswith(".pdf")
