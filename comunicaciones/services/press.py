"""The press agenda: interviews, press conferences and media appearances; numbered press bulletins;
the monthly press report (appearances, releases, mentions by tone and outlet)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from comunicaciones.models import (
    PRESS_RELEASE_WORKFLOW,
    MediaMention,
    PressAppearance,
    PressBulletinCounter,
    PressRelease,
    PressReport,
)
from comunicaciones.roles import REPORT_ROLES, TEAM_ROLES
from core.audit import audit_record
from core.dates import month_bounds, month_end, month_start, previous_month
from core.jobs import JobProgress
from core.models import AuditEvent, Job, User
from core.permissions import ensure_role
from core.workflow import move

APPEARANCE_FIELDS = (
    "kind",
    "starts_at",
    "medium",
    "journalist",
    "spokesperson",
    "topic",
    "key_messages",
    "outcome",
    "url",
)
TOP_OUTLETS = 10


def _clean_appearance(values: dict) -> dict:
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    errors = {}
    if not values.get("spokesperson"):
        errors["spokesperson"] = [
            _("Spokesperson: say who speaks for the party (an interview without a spokesperson cannot be planned).")
        ]
    if not values.get("medium"):
        errors["medium"] = [_("Medium: write the outlet (newspaper, radio, TV, digital).")]
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def press_appearance_create(
    *,
    actor: User,
    kind: str,
    starts_at: datetime,
    medium: str,
    spokesperson: str,
    topic: str,
    journalist: str = "",
    key_messages: str = "",
    outcome: str = "",
    url: str = "",
) -> PressAppearance:
    """Plan (or record) an interview, press conference or media appearance."""
    ensure_role(actor, TEAM_ROLES, _("plan press appearances"))
    values = _clean_appearance(
        {
            "kind": kind,
            "starts_at": starts_at,
            "medium": medium,
            "spokesperson": spokesperson,
            "topic": topic,
            "journalist": journalist,
            "key_messages": key_messages,
            "outcome": outcome,
            "url": url,
        }
    )
    appearance = PressAppearance(**values, created_by=actor)
    appearance.full_clean()
    appearance.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=appearance)
    return appearance


@transaction.atomic
def press_appearance_update(
    *,
    actor: User,
    appearance: PressAppearance,
    kind: str,
    starts_at: datetime,
    medium: str,
    spokesperson: str,
    topic: str,
    journalist: str = "",
    key_messages: str = "",
    outcome: str = "",
    url: str = "",
) -> PressAppearance:
    """Change an appearance: reschedule it, refine its key messages, record how it went."""
    ensure_role(actor, TEAM_ROLES, _("change press appearances"))
    values = _clean_appearance(
        {
            "kind": kind,
            "starts_at": starts_at,
            "medium": medium,
            "spokesperson": spokesperson,
            "topic": topic,
            "journalist": journalist,
            "key_messages": key_messages,
            "outcome": outcome,
            "url": url,
        }
    )
    appearance = PressAppearance.objects.select_for_update().get(pk=appearance.pk)
    changes = {}
    for name, value in values.items():
        before = getattr(appearance, name)
        if before != value:
            changes[name] = [before, value]
            setattr(appearance, name, value)
    appearance.full_clean()
    appearance.save()
    if changes:
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=appearance, changes=changes)
    return appearance


def _next_bulletin_number(year: int) -> int:
    """The next number of `year`, taken under the counter row's lock until the caller's transaction
    ends: concurrent publications wait their turn, and a rollback gives the number back."""
    table = PressBulletinCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last) VALUES (%s, 1) "  # noqa: S608 (the table name is ours)
            f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [year],
        )
        return cursor.fetchone()[0]


def press_release_publish(*, actor: User, release: PressRelease) -> PressRelease:
    """Publish a drafted bulletin with the next number of the year (no gaps, never twice)."""
    ensure_role(actor, TEAM_ROLES, _("publish press releases"))

    def apply(locked: PressRelease) -> None:
        now = timezone.now()
        locked.year = timezone.localtime(now).year
        locked.number = _next_bulletin_number(locked.year)
        locked.published_at = now

    return move(
        release,
        workflow=PRESS_RELEASE_WORKFLOW,
        name="publish",
        actor=actor,
        apply=apply,
    )


# --- the monthly press report ------------------------------------------------------------------


def press_figures(*, month: date) -> dict:
    """Every figure of the press report for `month` (any day of it), JSON-ready."""
    month = month_start(month)
    start, end = month_bounds(month)
    last_day = month_end(month)
    appearances = PressAppearance.objects.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "pk")
    by_kind = dict.fromkeys(PressAppearance.Kind.values, 0)
    for row in appearances.values("kind").annotate(n=Count("pk")).order_by():
        by_kind[row["kind"]] = row["n"]
    releases = (
        PressRelease.objects.filter(status=PressRelease.Status.PUBLISHED, published_at__gte=start, published_at__lt=end)
        .annotate(n_mentions=Count("mentions"))
        .order_by("number", "pk")
    )
    mentions = MediaMention.objects.filter(date__gte=month, date__lte=last_day)
    tones = dict.fromkeys(MediaMention.Tone.values, 0)
    for row in mentions.values("tone").annotate(n=Count("pk")).order_by():
        tones[row["tone"]] = row["n"]
    outlets = list(
        mentions.values("outlet")
        .annotate(
            total=Count("pk"),
            **{tone: Count("pk", filter=Q(tone=tone)) for tone in MediaMention.Tone.values},
        )
        .order_by("-total", "outlet")[:TOP_OUTLETS]
    )
    return {
        "month": month.isoformat(),
        "appearances_total": sum(by_kind.values()),
        "appearances_by_kind": by_kind,
        "kind_labels": {k: str(label) for k, label in PressAppearance.Kind.choices},
        "appearances": [
            {
                "when": timezone.localtime(a.starts_at).strftime("%d/%m/%Y %H:%M"),
                "kind": a.get_kind_display(),
                "medium": a.medium,
                "spokesperson": a.spokesperson,
                "topic": a.topic,
            }
            for a in appearances[:60]
        ],
        "releases_total": releases.count(),
        "releases": [{"code": r.code, "title": r.title, "mentions": r.n_mentions} for r in releases[:60]],
        "mentions_total": sum(tones.values()),
        "mentions_from_releases": mentions.filter(press_release__isnull=False).count(),
        "tones": tones,
        "tone_labels": {k: str(label) for k, label in MediaMention.Tone.choices},
        "outlets": outlets,
    }


def press_report_generate(
    *, month: str | date | None, user_id: int | None = None, progress: JobProgress | None = None
) -> PressReport:
    """Compute the figures, render the PDF and store it (one per month, regenerated in place).

    With no month, the month that just ended (the schedule runs this on the 1st)."""
    from comunicaciones.pdf import render_press_report

    progress = progress or JobProgress(None)
    if month is None:
        month = previous_month(timezone.localdate())
    month = month_start(date.fromisoformat(month) if isinstance(month, str) else month)
    progress(1, total=4, step=_("Computing the figures"))
    figures = press_figures(month=month)
    progress(2, step=_("Drawing the report"))
    pdf_bytes = render_press_report(figures)
    progress(3, step=_("Saving the file"))
    with transaction.atomic():
        report, _created = PressReport.objects.select_for_update().get_or_create(month=month)
        old_name = report.file.name
        report.figures = figures
        report.generated_at = timezone.now()
        report.generated_by = User.objects.filter(pk=user_id).first() if user_id else None
        report.job_id = progress.job_id
        report.file.save(f"informe-prensa-{month:%Y-%m}.pdf", ContentFile(pdf_bytes), save=False)
        report.save()
    if old_name and old_name != report.file.name:
        report.file.storage.delete(old_name)
    progress(4, step=_("Done"))
    return report


def press_report_request(*, actor: User, month: date) -> Job:
    """Start the press report's background job (progress shown on the page). Returns the Job."""
    from comunicaciones.tasks import generate_press_report
    from core.jobs import job_create, job_enqueue

    ensure_role(actor, REPORT_ROLES, _("generate press reports"))
    job = job_create(kind="comunicaciones.press_report_generate", user=actor, total=4)
    job_enqueue(job=job, task=generate_press_report, args=(month_start(month).isoformat(), actor.pk))
    return job
