"""The monthly management report: figures from the database (plain data), then a PDF."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Avg, Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from comunicaciones.models import Channel, ChannelStat, MonthlyReport, Piece, PieceVersion, Publication, Stage
from core.dates import month_bounds, month_start, previous_month
from core.jobs import JobProgress
from core.models import Job, User


def _change(current: int | None, previous: int | None) -> float | None:
    if current is None or not previous:
        return None
    return round((current - previous) * 100.0 / previous, 1)


def monthly_figures(*, month: date) -> dict:
    """Every figure of the report for `month` (any day of it), JSON-ready."""
    month = month_start(month)
    start, end = month_bounds(month)
    channels = list(Channel.values)

    produced = dict.fromkeys(channels, 0)
    for channel_list in Piece.objects.filter(delivered_at__gte=start, delivered_at__lt=end).values_list(
        "channels", flat=True
    ):
        for channel in channel_list:
            produced[channel] = produced.get(channel, 0) + 1
    produced_total = Piece.objects.filter(delivered_at__gte=start, delivered_at__lt=end).count()

    published = dict.fromkeys(channels, 0)
    for row in (
        Publication.objects.filter(published_at__gte=start, published_at__lt=end)
        .values("channel")
        .annotate(n=Count("pk"))
    ):
        published[row["channel"]] = row["n"]
    published_pieces = (
        Publication.objects.filter(published_at__gte=start, published_at__lt=end).values("piece").distinct().count()
    )

    review = {}
    decided = PieceVersion.objects.filter(decided_at__gte=start, decided_at__lt=end)
    for stage in Stage.values:
        rows = decided.filter(stage=stage).aggregate(
            decisions=Count("pk"),
            returned=Count("pk", filter=Q(decision=PieceVersion.Decision.RETURNED)),
            approved=Count("pk", filter=Q(decision=PieceVersion.Decision.APPROVED)),
            avg_wait=Avg(F("decided_at") - F("submitted_at")),
            max_wait=Max(F("decided_at") - F("submitted_at")),
            avg_rounds=Avg("round", filter=Q(decision=PieceVersion.Decision.APPROVED)),
        )
        review[stage] = {
            "decisions": rows["decisions"],
            "approved": rows["approved"],
            "returned": rows["returned"],
            "return_rate": round(rows["returned"] * 100.0 / rows["decisions"], 1) if rows["decisions"] else None,
            "avg_wait_hours": round(rows["avg_wait"].total_seconds() / 3600, 1) if rows["avg_wait"] else None,
            "max_wait_hours": round(rows["max_wait"].total_seconds() / 3600, 1) if rows["max_wait"] else None,
            "avg_rounds": round(float(rows["avg_rounds"]), 2) if rows["avg_rounds"] is not None else None,
        }

    previous = previous_month(month)
    stats = {(s.channel, s.month): s for s in ChannelStat.objects.filter(month__in=[month, previous])}
    networks = []
    for channel in channels:
        current, before = stats.get((channel, month)), stats.get((channel, previous))
        if current is None and before is None:
            continue
        metrics = {}
        for name in ChannelStat.METRICS:
            now_value = getattr(current, name) if current else None
            before_value = getattr(before, name) if before else None
            metrics[name] = {"value": now_value, "previous": before_value, "change": _change(now_value, before_value)}
        networks.append({"channel": channel, "label": str(Channel(channel).label), "metrics": metrics})

    return {
        "month": month.isoformat(),
        "previous_month": previous.isoformat(),
        "produced": produced,
        "produced_total": produced_total,
        "published": published,
        "published_total": sum(published.values()),
        "published_pieces": published_pieces,
        "review": review,
        "networks": networks,
        "channel_labels": {c: str(Channel(c).label) for c in channels},
    }


def monthly_report_generate(
    *, month: str | date | None, user_id: int | None = None, progress: JobProgress | None = None
) -> MonthlyReport:
    """Compute the figures, render the PDF and store it (one report per month, regenerated in place).

    With no month, the month that just ended (the schedule runs this on the 1st)."""
    from comunicaciones.pdf import render_monthly_report

    progress = progress or JobProgress(None)
    if month is None:
        month = previous_month(timezone.localdate())
    month = month_start(date.fromisoformat(month) if isinstance(month, str) else month)
    progress(1, total=4, step=_("Computing the figures"))
    figures = monthly_figures(month=month)
    progress(2, step=_("Drawing the report"))
    pdf_bytes = render_monthly_report(figures)
    progress(3, step=_("Saving the file"))
    with transaction.atomic():
        report, _created = MonthlyReport.objects.select_for_update().get_or_create(month=month)
        old_name = report.file.name
        report.figures = figures
        report.generated_at = timezone.now()
        report.generated_by = User.objects.filter(pk=user_id).first() if user_id else None
        report.job_id = progress.job_id
        report.file.save(f"informe-comunicaciones-{month:%Y-%m}.pdf", ContentFile(pdf_bytes), save=False)
        report.save()
    if old_name and old_name != report.file.name:
        report.file.storage.delete(old_name)
    progress(4, step=_("Done"))
    return report


def monthly_report_request(*, actor: User, month: date) -> Job:
    """Start the report's background job (progress shown on the page). Returns the Job."""
    from comunicaciones.tasks import generate_monthly_report
    from core.jobs import job_create, job_enqueue

    job = job_create(kind="comunicaciones.monthly_report_generate", user=actor, total=4)
    job_enqueue(job=job, task=generate_monthly_report, args=(month_start(month).isoformat(), actor.pk))
    return job
