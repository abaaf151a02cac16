"""Celery tasks of attention requests. Task names kept from before the app split (beat rows, queued messages)."""

from celery import shared_task

from core.tasks import TASK_DEFAULTS


@shared_task(**TASK_DEFAULTS, name="militancia.operations.attention_reminders")
def attention_reminders() -> dict:
    """Daily: e-mail each staff member their overdue and due-soon requests (once a day each)."""
    from attention.services import attention_send_reminders

    return {"emails": attention_send_reminders()}
