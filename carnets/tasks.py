import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import job_claim, job_fail, job_progress, job_succeed
from core.tasks import TASK_DEFAULTS

logger = logging.getLogger(__name__)


@shared_task(**TASK_DEFAULTS)
def render_batch_pdf(job_id: int, batch_id: int) -> dict:
    """Render a print batch's PDF, reporting progress on the job row."""
    from carnets.services import batch_render, batch_render_failed

    job = job_claim(job_id)
    if job is None:
        batch_render_failed(batch_id=batch_id)
        return {"skipped": True}
    job_progress(job_id, done=0, step=_("Rendering cards"))
    try:
        batch = batch_render(batch_id=batch_id, progress=lambda done: job_progress(job_id, done=done))
    except Exception as exc:
        logger.exception("Batch %s failed to render", batch_id)
        batch_render_failed(batch_id=batch_id)
        job_fail(job_id, _("The PDF could not be rendered: %(error)s") % {"error": exc})
        return {"failed": True}
    if batch is None:
        job_fail(job_id, _("The batch no longer exists or was cancelled."))
        return {"skipped": True}
    job_succeed(job_id, result={"batch": batch.pk, "cards": batch.card_count})
    return {"batch": batch.pk}


@shared_task(**TASK_DEFAULTS)
def stock_and_maintenance_reminders() -> dict:
    """Daily: e-mail the card team about low stock and printers due for maintenance."""
    from carnets.models import Printer
    from carnets.selectors import card_team_emails
    from carnets.services import low_stock

    low = list(low_stock())
    due = list(
        Printer.objects.exclude(status=Printer.Status.RETIRED).filter(next_maintenance_on__lte=timezone.localdate())
    )
    recipients = card_team_emails()
    if (low or due) and recipients:
        lines = [_("Supplies at or below their reorder level:")] if low else []
        lines += [f"- {c.name}: {c.stock} {c.unit} ({_('reorder at')} {c.reorder_level})" for c in low]
        if due:
            lines += ["", _("Printers due for maintenance:")]
            lines += [f"- {p}: {p.next_maintenance_on:%d/%m/%Y} ({p.location})" for p in due]
        send_mail(_("Card supplies and printer maintenance"), "\n".join(lines), settings.DEFAULT_FROM_EMAIL, recipients)
    return {"low": len(low), "due": len(due), "sent_to": len(recipients) if (low or due) else 0}
