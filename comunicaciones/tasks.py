"""Celery tasks of communications: thin wrappers that load ids and call services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role
from core.tasks import TASK_DEFAULTS

SUBJECT_MAX_CHARS = 120


def subject_text(message: str, limit: int = SUBJECT_MAX_CHARS) -> str:
    """The message fitted to an e-mail subject: cut at the last whole word, with an ellipsis."""
    message = " ".join(message.split())
    if len(message) <= limit:
        return message
    cut = message[: limit - 1]
    if message[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–-") + "…"


@shared_task(**TASK_DEFAULTS)
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification to its recipient, once (a redelivered task sends nothing twice)."""
    from comunicaciones.models import Notification

    try:
        notification = Notification.objects.select_related("recipient", "piece").get(pk=notification_id)
    except Notification.DoesNotExist:
        return False
    if notification.emailed_at is not None or not notification.recipient.email:
        return False
    if notification.piece_id is None:
        path = reverse("comunicaciones:notification-list")
    elif notification.piece.is_in_review and notification.recipient.has_role(Role.COMMS_CHIEF):
        path = reverse("comunicaciones:review", args=[notification.piece_id])
    else:
        path = reverse("comunicaciones:piece-detail", args=[notification.piece_id])
    link = settings.SITE_URL + path
    body = notification.message
    if notification.comment:
        body += "\n\n" + _("Comment:") + "\n" + notification.comment
    body += "\n\n" + link
    send_mail(
        subject=_("[Communications] %(message)s") % {"message": subject_text(notification.message)},
        message=body,
        from_email=None,
        recipient_list=[notification.recipient.email],
    )
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


@shared_task(**TASK_DEFAULTS, soft_time_limit=600, time_limit=660)
def generate_monthly_report(job_id: int, month: str, user_id: int | None = None) -> dict:
    """Build the month's figures and PDF, reporting progress on the job row."""
    from comunicaciones.services.reports import monthly_report_generate
    from core.jobs import job_claim, job_fail, job_progress, job_succeed

    job = job_claim(job_id)
    if job is None:
        return {"skipped": True}
    try:
        report = monthly_report_generate(
            month=month,
            user_id=user_id,
            job_id=job_id,
            progress=lambda done, step: job_progress(job_id, done=done, total=4, step=step),
        )
    except Exception as exc:  # recorded on the job for the user, then re-raised for Celery
        job_fail(job_id, str(exc))
        raise
    job_succeed(job_id, result={"report_id": report.pk, "month": month})
    return {"report_id": report.pk}


@shared_task(**TASK_DEFAULTS, soft_time_limit=600, time_limit=660)
def generate_previous_month_report() -> dict:
    """Run by celery beat on the 1st of each month: the report of the month that just ended."""
    from core.dates import previous_month
    from core.jobs import job_create

    month = previous_month(timezone.localdate())
    job = job_create(kind="comunicaciones.monthly_report", total=4)
    return generate_monthly_report(job.pk, month.isoformat(), None)
