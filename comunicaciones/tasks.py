"""Celery tasks of communications: one call to a service each."""

from __future__ import annotations

from core.jobs import job_task


@job_task(
    name="comunicaciones.notification_send",
    model="comunicaciones.Notification",
    select_related=("recipient", "piece"),
    tracked=False,
)
def send_notification_email(notification) -> dict:
    """E-mail one notification to its recipient, once."""
    from comunicaciones.services.notifications import notification_email_send

    return {"sent": notification_email_send(notification=notification)}


@job_task(name="comunicaciones.monthly_report_generate", soft_time_limit=600, time_limit=660)
def generate_monthly_report(month: str | None = None, user_id: int | None = None, *, progress) -> dict:
    """Build a month's figures and PDF; with no month (the schedule, on the 1st) the month that ended."""
    from comunicaciones.services.reports import monthly_report_generate

    report = monthly_report_generate(month=month, user_id=user_id, progress=progress)
    return {"report_id": report.pk, "month": report.month.isoformat()}


@job_task(name="comunicaciones.press_report_generate", soft_time_limit=600, time_limit=660)
def generate_press_report(month: str | None = None, user_id: int | None = None, *, progress) -> dict:
    """Build a month's press figures and PDF; with no month (the schedule, on the 1st) the month that ended."""
    from comunicaciones.services.press import press_report_generate

    report = press_report_generate(month=month, user_id=user_id, progress=progress)
    return {"report_id": report.pk, "month": report.month.isoformat()}
