"""Member registry at 1,000,000 members: API lookup by ID number, accent-insensitive name search,
and the members list page (SQL queries per request and latency, its read audit included).

Runs in its own database (`<bench db>_members`), loaded once with COPY (search_name computed in
Python, secondary indexes rebuilt after the load), so a second run starts measuring at once.
Runnable alone: `python -m bench.bench_members`.
"""

from __future__ import annotations

import io
import random
import time
from datetime import date, timedelta

MEMBERS = 1_000_000
CHUNK = 100_000
TARGETS = {"api_lookup_p95_ms": 20, "name_search_p95_ms": 100, "list_page_p95_ms": 150, "list_page_queries": 10}


def use_own_database() -> str:
    from bench.common import use_own_database as own_database

    return own_database("members")


def _rows(count: int, municipality_ids: list[int], weights: list[int], seed: int):
    """CSV lines for COPY, generated straight as text (Member objects would be 10x slower)."""
    from militancia.demo import DOMAINS, FEMALE, LAST, MALE, STREETS
    from militancia.identity import fold

    rng = random.Random(seed)
    numbers = rng.sample(range(10_000_000, 1_200_000_000), count)
    today = date.today()
    now = "2026-01-01 00:00:00+00"
    cum_weights = []
    total = 0
    for w in weights:
        total += w
        cum_weights.append(total)
    for number in numbers:
        female = rng.random() < 0.52
        pool = FEMALE if female else MALE
        first = rng.choice(pool)
        if rng.random() < 0.6:
            first = f"{first} {rng.choice(pool)}"
        last = f"{rng.choice(LAST)} {rng.choice(LAST)}"
        roll = rng.random()
        status = "activo" if roll > 0.045 else ("renuncio" if roll > 0.015 else "suspendido")
        birth = (
            f"{rng.randint(1945, 2006)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.85
            else ""
        )
        joined = (today - timedelta(days=int(rng.expovariate(1 / 900)))).isoformat()
        phone = (
            f"+573{rng.randint(0, 2)}{rng.randint(0, 9)}{rng.randint(1_000_000, 9_999_999)}"
            if rng.random() < 0.8
            else ""
        )
        email = (
            f"{fold(first.split()[0])}.{fold(last.split()[0])}{rng.randint(1, 9999)}@{rng.choice(DOMAINS)}"
            if rng.random() < 0.45
            else ""
        )
        address = f"{rng.choice(STREETS)} {rng.randint(1, 120)} # {rng.randint(1, 99)}-{rng.randint(1, 99)}"
        territory = rng.choices(municipality_ids, cum_weights=cum_weights)[0]
        has_card = "t" if rng.random() < 0.35 else "f"
        search = fold(f"{first} {last}")
        yield (
            f"CC\t{number}\t{first}\t{last}\t{search}\t{birth or chr(92) + 'N'}\t{'F' if female else 'M'}\t{phone}\t"
            f"{email}\t{address}\t{territory}\t{status}\t{joined}\troster\tbench\t{joined}\tpaper\t\t\t\t\t\t"
            f"{has_card}\tf\t{now}\t{now}\n"
        )


COLUMNS = (
    "id_type, id_number, first_names, last_names, search_name, birth_date, sex, phone, email, address, "
    "territory_id, status, joined_on, source, source_ref, consent_date, consent_channel, consent_evidence, "
    "consent_file, photo, signature, fingerprint, has_card, has_open_claim, created_at, updated_at"
)


def ensure_members(count: int = MEMBERS) -> dict:
    from django.db import connection

    from core.models import Territory
    from core.tests.factories import ensure_territories
    from militancia.demo import municipality_weights
    from militancia.models import Member

    ensure_territories()
    with connection.cursor() as cursor:
        # Fresh statistics on the territory tree: the scope subquery's row estimate depends on them.
        cursor.execute("ANALYZE core_territory")
    existing = Member.objects.count()
    if existing >= count:
        return {"loaded": 0, "members": existing}
    table = Member._meta.db_table
    municipalities = list(Territory.objects.filter(kind=Territory.Kind.MUNICIPALITY).values_list("pk", "path"))
    ids = [pk for pk, _ in municipalities]
    weights = municipality_weights([path for _, path in municipalities])
    started = time.perf_counter()
    raw = connection.connection if connection.connection else None
    if raw is None:
        connection.ensure_connection()
        raw = connection.connection
    with connection.cursor() as cursor:
        # Secondary indexes are rebuilt once after the load: far faster than maintaining them per row.
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        for index_name, _definition in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{index_name}"')
    remaining = count - existing
    generator = _rows(remaining, ids, weights, seed=existing + 7)
    with raw.cursor() as cursor:
        while True:
            chunk = "".join(line for _, line in zip(range(CHUNK), generator, strict=False))
            if not chunk:
                break
            cursor.copy_expert(f"COPY {table} ({COLUMNS}) FROM STDIN", io.StringIO(chunk))
    loaded_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute(f"VACUUM ANALYZE {table}")
    return {"loaded": remaining, "copy_s": round(loaded_s, 1), "load_total_s": round(time.perf_counter() - started, 1)}


def _sample_numbers(n: int) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM militancia_member TABLESAMPLE SYSTEM (0.5) LIMIT %s", [n])
        return [row[0] for row in cursor.fetchall()]


def _dotted(number: str) -> str:
    parts = []
    while number:
        parts.insert(0, number[-3:])
        number = number[:-3]
    return ".".join(parts)


def run() -> dict:
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from bench.common import measure_page, percentile
    from core.models import Territory
    from core.roles import Role
    from core.tests.factories import login, make_user
    from militancia import selectors
    from militancia.demo import FEMALE, LAST, MALE

    database = use_own_database()
    results: dict = {"database": database, "members": MEMBERS}
    results["load"] = ensure_members()

    admin = make_user("bench-members-admin", Role.NATIONAL_ADMIN)
    antioquia = Territory.objects.get(code="05", kind=Territory.Kind.DEPARTMENT)
    coordinator = make_user("bench-members-coord", Role.REGIONAL_COORDINATOR, territories=[antioquia])
    rng = random.Random(11)

    # 1. Lookup by ID number through the API (numbers typed with dots, as people do), in the body.
    token = Token.objects.get_or_create(user=admin)[0].key
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    numbers = _sample_numbers(300)
    samples, misses = [], 0
    for index, number in enumerate(numbers):
        typed = _dotted(number) if index % 2 else number
        start = time.perf_counter()
        response = api.post("/api/v1/militancia/members/lookup/", {"id_number": typed}, content_type="application/json")
        elapsed = (time.perf_counter() - start) * 1000
        if index >= 5:
            samples.append(elapsed)
        if response.status_code != 200 or len(response.json()["results"]) != 1:
            misses += 1
    results["api_lookup"] = {
        "median_ms": round(percentile(samples, 50), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "runs": len(samples),
        "misses": misses,
    }

    # 2. Accent-insensitive name search (the list page's query: first page, newest first).
    queries = []
    for _ in range(120):
        first = rng.choice(FEMALE + MALE)
        last = rng.choice(LAST)
        text = f"{first} {last}"
        if rng.random() < 0.5:
            text = (
                text.lower().replace("á", "a").replace("é", "e").replace("í", "i").replace("ó", "o").replace("ú", "u")
            )
        queries.append(text)
    samples, hits = [], 0
    for user in (admin, coordinator):
        for text in queries:
            start = time.perf_counter()
            page = selectors.member_page(user=user, filters={"q": text})
            samples.append((time.perf_counter() - start) * 1000)
            hits += bool(page.object_list)
    results["name_search"] = {
        "median_ms": round(percentile(samples, 50), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "runs": len(samples),
        "queries_with_results": hits,
    }

    # 3. The members list page (full request: middleware, template), national and regional.
    page_results = {}
    for label, user, url in (
        ("national", admin, "/militantes/"),
        # The search form posts; the results page is `?s=<token>` (the query stays in the session).
        ("national_search", admin, {"q": "maria rodriguez"}),
        ("national_filtered", admin, "/militantes/?status=renuncio&has_card=yes"),
        ("regional", coordinator, "/militantes/"),
        (
            "regional_filtered",
            coordinator,
            f"/militantes/?status=activo&joined_from=2025-01-01&territory={antioquia.code}",
        ),
    ):
        client = Client()
        login(client, user)
        try:
            if isinstance(url, dict):
                url = client.post("/militantes/", url)["Location"]
            page_results[label] = measure_page(client, url, repeat=40)
        except Exception as exc:  # one broken page must not hide the other figures
            page_results[label] = {"error": repr(exc)[:300], "queries": 999, "p95_ms": 99999}
    results["list_page"] = page_results
    results["list_page_max_queries"] = max(p["queries"] for p in page_results.values())
    results["list_page_p95_ms"] = max(p["p95_ms"] for p in page_results.values())
    results["targets"] = TARGETS
    results["ok"] = (
        results["api_lookup"]["p95_ms"] <= TARGETS["api_lookup_p95_ms"]
        and results["name_search"]["p95_ms"] <= TARGETS["name_search_p95_ms"]
        and results["list_page_p95_ms"] <= TARGETS["list_page_p95_ms"]
        and results["list_page_max_queries"] <= TARGETS["list_page_queries"]
    )
    return results


if __name__ == "__main__":
    import json

    from bench.common import migrate, setup_django

    setup_django()
    migrate()
    print(json.dumps(run(), default=str))
