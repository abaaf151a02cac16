"""Celery tasks of carnets: one call to a service each."""

from core.jobs import job_task


@job_task(name="carnets.batch_render", model="carnets.PrintBatch")
def render_batch_pdf(batch, *, progress) -> dict:
    """Render a print batch's PDF, reporting progress on the job row."""
    from carnets.services import batch_render_run

    return batch_render_run(batch=batch, progress=progress)


@job_task(name="carnets.stock_reminders_send", tracked=False)
def stock_and_maintenance_reminders() -> dict:
    """Daily (beat): e-mail the card team about low stock and printers due for maintenance."""
    from carnets.services import stock_reminders_send

    return stock_reminders_send()
