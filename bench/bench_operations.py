"""Membership operations at scale: the attention-request queue and the targets dashboard with
100,000 requests and 1,000,000 members (SQL queries per request and latency, full requests).

Targets: ≤ 10 SQL queries and p95 ≤ 200 ms for each page.
Runs in its own database (`<bench db>_operations`), loaded once with COPY (members through
bench_members' loader when it is there), so a second run starts measuring at once.
Runnable alone: `python -m bench.bench_operations`.
"""

from __future__ import annotations

import io
import random
import time
from datetime import date, timedelta

MEMBERS = 1_000_000
REQUESTS = 100_000
TARGETS = {"queries": 10, "p95_ms": 200}


def use_own_database() -> str:
    from bench.common import use_own_database as own_database

    return own_database("operations")


def _raw_connection():
    from django.db import connection

    connection.ensure_connection()
    return connection.connection


def ensure_members() -> dict:
    """1,000,000 members: bench_members' COPY loader when available, else a lean COPY of our own."""
    from militancia.models import Member

    try:
        from bench.bench_members import ensure_members as load_members
    except ImportError:
        load_members = None
    if load_members is not None:
        return load_members(MEMBERS)
    existing = Member.objects.count()
    if existing >= MEMBERS:
        return {"loaded": 0, "members": existing}
    from core.models import Territory

    municipalities = list(Territory.objects.filter(kind=Territory.Kind.MUNICIPALITY).values_list("pk", flat=True))
    rng = random.Random(3)
    today = date.today()
    columns = (
        "id_type, id_number, first_names, last_names, search_name, sex, phone, email, address, territory_id, "
        "status, joined_on, source, source_ref, consent_channel, consent_evidence, consent_file, photo, "
        "signature, fingerprint, has_card, has_open_claim, created_at, updated_at"
    )
    started = time.perf_counter()
    with _raw_connection().cursor() as cursor:
        for chunk_start in range(existing, MEMBERS, 100_000):
            buffer = io.StringIO()
            for n in range(chunk_start, min(MEMBERS, chunk_start + 100_000)):
                joined = (today - timedelta(days=rng.randint(0, 3000))).isoformat()
                status = "activo" if rng.random() > 0.05 else "renuncio"
                buffer.write(
                    f"CC\t{20_000_000 + n}\tNombre {n}\tApellido\tnombre {n} apellido\tF\t3001234567\t\t"
                    f"Calle 1\t{rng.choice(municipalities)}\t{status}\t{joined}\troster\tbench\tpaper\t\t\t\t\t\t"
                    f"{'t' if rng.random() < 0.35 else 'f'}\tf\t2026-01-01 00:00:00+00\t2026-01-01 00:00:00+00\n"
                )
            buffer.seek(0)
            cursor.copy_expert(f"COPY {Member._meta.db_table} ({columns}) FROM STDIN", buffer)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Member._meta.db_table}")
    return {"loaded": MEMBERS - existing, "load_s": round(time.perf_counter() - started, 1)}


def ensure_requests() -> dict:
    """100,000 attention requests over the last 18 months, a third still open, with real legal due dates."""
    from django.db import connection

    from attention.calendar import add_business_days
    from attention.models import LEGAL_TERMS, AttentionRequest
    from core.models import Territory

    existing = AttentionRequest.objects.count()
    if existing >= REQUESTS:
        return {"loaded": 0, "requests": existing}
    municipalities = list(Territory.objects.filter(kind=Territory.Kind.MUNICIPALITY).values_list("pk", flat=True))
    rng = random.Random(9)
    today = date.today()
    kinds = list(LEGAL_TERMS)
    channels = [c.value for c in AttentionRequest.Channel]
    deadlines: dict[tuple[str, date], tuple[date, date]] = {}
    columns = (
        "tracking_number, channel, kind, requester_id_type, requester_id_number, requester_name, email, phone, "
        "address, territory_id, subject, description, received_on, due_on, legal_max_due_on, status, "
        "answer_text, answered_at, answered_on, created_at"
    )
    started = time.perf_counter()
    buffer = io.StringIO()
    for n in range(existing, REQUESTS):
        kind = rng.choice(kinds)
        received = today - timedelta(days=int(rng.expovariate(1 / 120)) % 540)
        key = (kind, received)
        if key not in deadlines:
            term, extra = LEGAL_TERMS[kind]
            deadlines[key] = (add_business_days(received, term), add_business_days(received, term + extra))
        due, maximum = deadlines[key]
        is_open = received > today - timedelta(days=45) and rng.random() < 0.6 or rng.random() < 0.05
        if is_open:
            status, answered_on, answered_at, answer = (
                rng.choice(["recibida", "en_tramite", "en_espera"]),
                r"\N",
                r"\N",
                "",
            )
        else:
            answered = received + timedelta(days=rng.randint(1, 25))
            status = rng.choice(["respondida", "cerrada"])
            answered_on, answered_at, answer = answered.isoformat(), f"{answered.isoformat()} 15:00:00+00", "Respuesta."
        buffer.write(
            f"B-{n:08d}\t{rng.choice(channels)}\t{kind}\tCC\t{30_000_000 + n}\tSolicitante {n}\t"
            f"s{n}@example.org\t\t\t{rng.choice(municipalities)}\tSolicitud {n}\tDescripción de la solicitud.\t"
            f"{received.isoformat()}\t{due.isoformat()}\t{maximum.isoformat()}\t{status}\t{answer}\t{answered_at}\t"
            f"{answered_on}\t{received.isoformat()} 12:00:00+00\n"
        )
    buffer.seek(0)
    with _raw_connection().cursor() as cursor:
        cursor.copy_expert(f"COPY {AttentionRequest._meta.db_table} ({columns}) FROM STDIN", buffer)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {AttentionRequest._meta.db_table}")
    return {"loaded": REQUESTS - existing, "load_s": round(time.perf_counter() - started, 1)}


def ensure_indicators(admin) -> dict:
    """This month's indicators (computed by the same service as the monthly task) and targets for every department."""
    from decimal import Decimal

    from core.dates import month_start
    from core.models import Territory
    from targets.models import IndicatorValue, Target
    from targets.services import indicators_compute

    period = month_start(date.today())
    figures = {}
    if not IndicatorValue.objects.filter(period=period).exists():
        started = time.perf_counter()
        figures["rows"] = indicators_compute(period=period)
        figures["compute_s"] = round(time.perf_counter() - started, 1)
    if not Target.objects.filter(period=period).exists():
        Target.objects.bulk_create(
            Target(territory=t, period=period, indicator=indicator, value=Decimal(value), set_by=admin)
            for t in Territory.objects.filter(kind__in=[Territory.Kind.COUNTRY, Territory.Kind.DEPARTMENT])
            for indicator, value in (("members_total", 40_000), ("members_new", 500), ("data_completeness", 80))
        )
    return figures


def run() -> dict:
    from django.test import Client

    from bench.common import measure_page
    from core.models import Territory
    from core.roles import Role
    from core.tests.factories import ensure_territories, login, make_user

    database = use_own_database()
    ensure_territories()
    results: dict = {"database": database, "members": MEMBERS, "requests": REQUESTS}
    results["load_members"] = ensure_members()
    results["load_requests"] = ensure_requests()
    admin = make_user("bench-ops-admin", Role.NATIONAL_ADMIN)
    antioquia = Territory.objects.get(code="05", kind=Territory.Kind.DEPARTMENT)
    coordinator = make_user("bench-ops-coord", Role.REGIONAL_COORDINATOR, territories=[antioquia])
    results["indicators"] = ensure_indicators(admin)

    pages = {}
    for label, user, url in (
        ("queue_national", admin, "/solicitudes/"),
        ("queue_national_overdue", admin, "/solicitudes/?urgency=overdue"),
        ("queue_national_page_5", admin, "/solicitudes/?page=5"),
        ("queue_regional", coordinator, "/solicitudes/"),
        ("queue_regional_all", coordinator, "/solicitudes/?status=all&kind=hd_claim"),
        ("targets_national", admin, "/metas/"),
        ("targets_regional", coordinator, "/metas/"),
    ):
        client = Client()
        login(client, user)
        try:
            pages[label] = measure_page(client, url, repeat=40)
        except Exception as exc:  # one broken page must not hide the other figures
            pages[label] = {"error": repr(exc)[:300], "queries": 999, "p95_ms": 99999}
    results["pages"] = pages
    results["max_queries"] = max(p["queries"] for p in pages.values())
    results["max_p95_ms"] = max(p["p95_ms"] for p in pages.values())
    results["targets"] = TARGETS
    results["ok"] = results["max_queries"] <= TARGETS["queries"] and results["max_p95_ms"] <= TARGETS["p95_ms"]
    return results


if __name__ == "__main__":
    import json

    from bench.common import migrate, setup_django

    setup_django()
    migrate()
    print(json.dumps(run(), default=str))
