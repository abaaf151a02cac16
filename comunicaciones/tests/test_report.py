"""The monthly report: its figures against a known data set, the PDF, the job and the schedule."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from comunicaciones.models import ChannelStat, MonthlyReport, Piece, PieceVersion, Publication
from comunicaciones.pdf import render_monthly_report
from comunicaciones.services.reports import monthly_figures, monthly_report_generate
from comunicaciones.tasks import generate_monthly_report
from comunicaciones.tests.factories import PieceFactory
from core.dates import previous_month
from core.jobs import job_create
from core.models import Job
from core.tests.factories import login

BOG = ZoneInfo("America/Bogota")


def at(month, day, hour=0):
    return datetime(2026, month, day, hour, tzinfo=BOG)


def version(piece, number, stage, round_, submitted, decided, decision, by, reviewer):
    return PieceVersion.objects.create(
        piece=piece, number=number, stage=stage, round=round_, text="t", submitted_by=by, submitted_at=submitted,
        decided_at=decided, decision=decision, decided_by=reviewer, comment="c" if decision == "returned" else "",
    )  # fmt: skip


@pytest.fixture
def october(paula, jefa):
    a = PieceFactory(author=paula, created_by=paula, channels=["facebook", "instagram"], delivered_at=at(10, 4, 12))
    version(a, 1, "content", 1, at(10, 1, 10), at(10, 1, 14), "returned", paula, jefa)
    version(a, 2, "content", 2, at(10, 2, 10), at(10, 2, 12), "approved", paula, jefa)
    version(a, 3, "design", 1, at(10, 3, 9), at(10, 3, 15), "approved", paula, jefa)
    Publication.objects.create(
        piece=a, channel="facebook", url="https://f.co/1", published_at=at(10, 5), published_by=paula
    )
    Publication.objects.create(
        piece=a, channel="instagram", url="https://i.co/1", published_at=at(10, 6), published_by=paula
    )

    b = PieceFactory(author=paula, created_by=paula, channels=["x"], delivered_at=at(10, 14, 9))
    version(b, 1, "content", 1, at(10, 10, 8), at(10, 11, 8), "approved", paula, jefa)
    version(b, 2, "design", 1, at(10, 12, 8), at(10, 12, 10), "returned", paula, jefa)
    version(b, 3, "design", 2, at(10, 13, 8), at(10, 13, 9), "approved", paula, jefa)
    Publication.objects.create(piece=b, channel="x", url="https://x.co/1", published_at=at(10, 15), published_by=paula)

    # Outside October: decided in September, delivered and published in November.
    c = PieceFactory(author=paula, created_by=paula, channels=["facebook"], delivered_at=at(11, 1, 8))
    version(c, 1, "content", 1, at(9, 30, 8), at(9, 30, 20), "approved", paula, jefa)
    Publication.objects.create(
        piece=c, channel="facebook", url="https://f.co/2", published_at=at(11, 1, 9), published_by=paula
    )
    # Waiting, undecided: no effect on waiting times.
    d = PieceFactory(author=paula, created_by=paula, status=Piece.Status.CONTENT_REVIEW)
    PieceVersion.objects.create(
        piece=d, number=1, stage="content", round=1, text="t", submitted_by=paula, submitted_at=at(10, 20)
    )

    for channel, month, followers, reach in [
        ("facebook", date(2026, 9, 1), 1000, 5000),
        ("facebook", date(2026, 10, 1), 1100, 4000),
        ("instagram", date(2026, 10, 1), 700, 900),
    ]:
        ChannelStat.objects.create(channel=channel, month=month, followers=followers, reach=reach, updated_by=paula)


def test_it_computes_the_figures_of_a_known_month(october):
    figures = monthly_figures(month=date(2026, 10, 15))
    assert figures["month"] == "2026-10-01"
    assert figures["previous_month"] == "2026-09-01"
    assert figures["produced_total"] == 2
    assert {k: v for k, v in figures["produced"].items() if v} == {"facebook": 1, "instagram": 1, "x": 1}
    assert {k: v for k, v in figures["published"].items() if v} == {"facebook": 1, "instagram": 1, "x": 1}
    assert figures["published_total"] == 3
    assert figures["published_pieces"] == 2
    assert figures["review"]["content"] == {
        "decisions": 3, "approved": 2, "returned": 1, "return_rate": 33.3,
        "avg_wait_hours": 10.0, "max_wait_hours": 24.0, "avg_rounds": 1.5,
    }  # fmt: skip
    assert figures["review"]["design"] == {
        "decisions": 3, "approved": 2, "returned": 1, "return_rate": 33.3,
        "avg_wait_hours": 3.0, "max_wait_hours": 6.0, "avg_rounds": 1.5,
    }  # fmt: skip
    networks = {n["channel"]: n["metrics"] for n in figures["networks"]}
    assert set(networks) == {"facebook", "instagram"}
    assert networks["facebook"]["followers"] == {"value": 1100, "previous": 1000, "change": 10.0}
    assert networks["facebook"]["reach"] == {"value": 4000, "previous": 5000, "change": -20.0}
    assert networks["instagram"]["followers"] == {"value": 700, "previous": None, "change": None}


def test_an_empty_month_has_no_figures(db):
    figures = monthly_figures(month=date(2025, 1, 1))
    assert figures["produced_total"] == 0
    assert figures["networks"] == []
    assert figures["review"]["content"]["return_rate"] is None


def test_it_renders_the_pdf_with_the_figures(october):
    pdf = render_monthly_report(monthly_figures(month=date(2026, 10, 1)))
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Informe mensual de comunicaciones — octubre de 2026" in text
    assert "Revisión de contenido" in text
    assert "33,3 %" in text
    assert "10,0 h" in text
    assert "+10,0 %" in text
    assert "-20,0 %" in text


def test_the_job_generates_and_stores_the_report(october, jefa):
    job = job_create(kind="comunicaciones.monthly_report_generate", user=jefa, total=4)
    generate_monthly_report(job.pk, "2026-10-01", jefa.pk)
    job.refresh_from_db()
    report = MonthlyReport.objects.get(month=date(2026, 10, 1))
    assert job.status == Job.Status.SUCCEEDED
    assert job.result["report_id"] == report.pk
    assert report.generated_by == jefa
    assert report.figures["published_total"] == 3
    assert report.file.read().startswith(b"%PDF")
    # Regenerating replaces the same month's report.
    monthly_report_generate(month="2026-10-01")
    assert MonthlyReport.objects.count() == 1


def test_the_schedule_builds_last_months_report_under_its_own_job(db):
    from django.utils import timezone

    generate_monthly_report()  # what beat sends: no job, no month
    job = Job.objects.get(kind="comunicaciones.monthly_report_generate")
    report = MonthlyReport.objects.get(month=previous_month(timezone.localdate()))
    assert job.result == {"report_id": report.pk, "month": report.month.isoformat()}


def test_the_page_starts_the_job_and_shows_progress(client, jefa, django_capture_on_commit_callbacks):
    login(client, jefa)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("comunicaciones:report-list"), {"month": "2026-10"})
    job = Job.objects.get(kind="comunicaciones.monthly_report_generate")
    assert response["Location"].endswith(f"?trabajo={job.pk}")
    page = client.get(response["Location"]).content.decode()
    assert f'id="job-{job.pk}"' in page
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED  # eager in tests
    assert (
        "informe"
        in client.get(reverse("comunicaciones:report-download", args=[MonthlyReport.objects.get().pk]))[
            "Content-Disposition"
        ]
    )


def test_previous_month():
    assert previous_month(date(2026, 1, 15)) == date(2025, 12, 1)
    assert previous_month(date(2026, 11, 1)) == date(2026, 10, 1)
