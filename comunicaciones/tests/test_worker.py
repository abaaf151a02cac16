"""A real Celery worker on the real Redis generates the monthly report and e-mails a notification."""

from datetime import date

import pytest

from comunicaciones.models import MonthlyReport, Notification
from comunicaciones.services.reports import monthly_report_request
from comunicaciones.services.workflow import piece_move
from comunicaciones.tests.factories import drafting_piece
from config.celery import app as celery_app
from core.models import Job
from core.tests.waiting import wait_for_job, wait_until
from core.tests.worker import celery_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_generates_the_report_and_sends_the_notification_emails(paula, jefa):
    celery_app.conf.task_always_eager = False
    with celery_worker():
        job = monthly_report_request(actor=jefa, month=date(2026, 10, 1))  # autocommit: sent at once
        piece = drafting_piece(paula)
        piece_move(piece_id=piece.pk, name="submit_content", actor=paula)
        wait_for_job(job, timeout=60)
        wait_until(lambda: Notification.objects.filter(recipient=jefa, emailed_at__isnull=False).exists(), timeout=60)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.attempts == 1
    assert job.done == job.total == 4
    report = MonthlyReport.objects.get(month=date(2026, 10, 1))
    assert report.generated_by == jefa
    assert report.file.name.endswith(".pdf")
