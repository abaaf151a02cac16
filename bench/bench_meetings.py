"""Meetings at 100,000 members: the briefing's figures (a department and the whole country: member
counts plus every registered indicator source over the month), the briefing PDF page, and the
"Mis compromisos" and meeting list pages with 500 commitments (median/p95 ms, SQL queries).

Runs in its own database (`<bench db>_meetings`), loaded once. `python -m bench meetings`.
"""

from __future__ import annotations

MEMBERS = 100_000
COMMITMENTS = 500


def _load() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from core.models import Territory
    from core.tests.factories import ensure_territories
    from meetings.models import Commitment, Meeting
    from militancia.demo import build_members
    from militancia.models import Member

    ensure_territories()
    have = Member.objects.count()
    if have < MEMBERS:
        municipalities = list(Territory.objects.filter(kind=Territory.Kind.MUNICIPALITY).only("pk", "path"))
        batch = build_members(MEMBERS - have, municipalities, seed=have + 77, start_number=have)
        for start in range(0, len(batch), 5000):
            Member.objects.bulk_create(batch[start : start + 5000], batch_size=5000, ignore_conflicts=True)
    if Commitment.objects.count() >= COMMITMENTS:
        return
    from core.roles import Role
    from core.tests.factories import make_user

    owner = make_user("bench-meetings", Role.NATIONAL_ADMIN)
    antioquia = Territory.objects.get(code="05", kind=Territory.Kind.DEPARTMENT)
    today = timezone.localdate()
    for n in range(COMMITMENTS // 10):
        meeting = Meeting.objects.create(
            kind="planning", title=f"Reunión {n}", starts_at=timezone.now(), secretariat="membership",
            territory=antioquia, place="Sede", agenda="Metas", created_by=owner,
        )  # fmt: skip
        Commitment.objects.bulk_create(
            Commitment(meeting=meeting, description=f"Tarea {n}-{k}", responsible=owner,
                       due_on=today + timedelta(days=k - 5))
            for k in range(10)
        )  # fmt: skip


def run() -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.common import measure_page, time_calls, use_own_database
    from core.models import Territory
    from core.tests.factories import login
    from meetings.briefing import briefing_figures
    from meetings.models import Meeting

    use_own_database("meetings")
    _load()
    today = timezone.localdate()
    antioquia = Territory.objects.get(code="05", kind=Territory.Kind.DEPARTMENT)
    country = Territory.objects.get(kind=Territory.Kind.COUNTRY)
    results = {"members": MEMBERS, "commitments": COMMITMENTS}
    for label, territory in (("department", antioquia), ("country", country)):
        with CaptureQueriesContext(connection) as queries:
            briefing_figures(territory=territory, today=today)
        results[f"briefing_{label}"] = time_calls(
            lambda t=territory: briefing_figures(territory=t, today=today), repeat=15
        )
        results[f"briefing_{label}"]["queries"] = len(queries)
    from core.models import User

    client = Client()
    login(client, User.objects.get(username="bench-meetings"))
    meeting = Meeting.objects.first()
    results["briefing_pdf_page"] = measure_page(client, f"/reuniones/{meeting.pk}/informe.pdf", repeat=15)
    results["my_commitments_page"] = measure_page(client, "/compromisos/?ver=all", repeat=30)
    results["meeting_list_page"] = measure_page(client, "/reuniones/", repeat=30)
    return results
