"""Celery tasks of attention requests: one call to a service each."""

from core.jobs import job_task


@job_task(name="attention.reminders_send", tracked=False)
def attention_reminders() -> dict:
    """Daily (beat): e-mail each staff member their overdue and due-soon requests (once a day each)."""
    from attention.services import attention_send_reminders

    return {"emails": attention_send_reminders()}


@job_task(name="attention.answer_send", model="attention.AttentionRequest", tracked=False)
def send_answer_email(request) -> dict:
    """E-mail a recorded answer, with its files, to the requester."""
    from attention.services import attention_answer_send

    return {"sent": attention_answer_send(request=request)}
