"""Field work at scale: a volunteer's list page, the phone page and recording an attempt.

The issue's scale is 2,000,000 contacts and 5,000,000 attempts. The loader is parameterized
(BENCH_CAMPAIGN_CONTACTS, BENCH_CAMPAIGN_ATTEMPTS, BENCH_CAMPAIGN_PLACES) and idempotent: it
tops the benchmark database (`<db>_campaigns`) up to the requested size, so a second run only
measures. Contacts are loaded with COPY; lists, entries and attempts are built set-based in SQL
(INSERT … SELECT), the way a nightly list cut would.

Each page reports its SQL queries, the CPU time of the Django process per request (`cpu_median_ms`,
stable under load, unlike the wall times) with the load average, and `explain`: EXPLAIN ANALYZE of
every SELECT it ran, with any sequential scan over a big table (the plan that would not hold at the
issue's scale). The issue's full scale, once (about 10 minutes of loading on a quiet machine):

    BENCH_CAMPAIGN_CONTACTS=2000000 BENCH_CAMPAIGN_ATTEMPTS=5000000 make bench ARGS=campaigns
"""

from __future__ import annotations

import io
import json
import os
import random
import time
import uuid

CONTACTS = int(os.environ.get("BENCH_CAMPAIGN_CONTACTS", "200000"))
ATTEMPTS = int(os.environ.get("BENCH_CAMPAIGN_ATTEMPTS", "500000"))
PLACES = int(os.environ.get("BENCH_CAMPAIGN_PLACES", "400"))
LIST_SIZE = 25
VOLUNTEERS = 200
CHECKED_OUT_EVERY = 20  # one list in 20 is checked out (a volunteer holds a handful)
FIRST = ["ANA", "LUIS", "MARTA", "JORGE", "SOFIA", "ANDRES", "PAULA", "CAMILO", "DIANA", "FELIPE"]
LAST = ["RESTREPO", "GOMEZ", "ZULUAGA", "ARANGO", "OCHOA", "MEJIA", "LONDONO", "CARDONA", "RIOS", "VELEZ"]


def ensure_places(medellin, count: int) -> list[int]:
    from electoral.models import ElectoralUnit

    K = ElectoralUnit.Kind
    muni, _ = ElectoralUnit.objects.get_or_create(
        code="BENCH-05001", defaults={"name": "Medellín", "kind": K.MUNICIPALITY, "territory": medellin}
    )
    have = ElectoralUnit.objects.filter(parent=muni, kind=K.POLLING_PLACE).count()
    for n in range(have + 1, count + 1):
        ElectoralUnit.objects.create(
            code=f"BENCH-05001-P{n}", name=f"Puesto {n}", kind=K.POLLING_PLACE, parent=muni, territory=medellin
        )
    return list(ElectoralUnit.objects.filter(parent=muni, kind=K.POLLING_PLACE).values_list("id", flat=True))


def copy_contacts(*, start: int, count: int, territory_id: int, places: list[int]) -> float:
    """COPY `count` contacts with consent, spread over the polling places."""
    from django.db import connection

    rng = random.Random(start)
    started = time.perf_counter()
    columns = (
        "id_type, id_number, first_names, last_names, phone, address, territory_id, polling_place_id, "
        "support_level, tags, source, consent_channel, consent_date, consent_evidence, created_at, updated_at"
    )
    chunk = 200_000
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for offset in range(0, count, chunk):
            buf = io.StringIO()
            for n in range(start + offset, start + min(offset + chunk, count)):
                buf.write(
                    f"\t\t{rng.choice(FIRST)}\t{rng.choice(LAST)} {rng.choice(LAST)}\t30{n % 100000000:08d}\t"
                    f"Calle {n % 120} # {n % 97}-{n % 50}\t{territory_id}\t{places[n % len(places)]}\t"
                    f"{rng.randint(0, 5)}\t{{}}\tcanvass\tverbal\t2026-11-01\t\t2026-11-01 00:00:00+00\t"
                    f"2026-11-01 00:00:00+00\n"
                )
            buf.seek(0)
            raw.copy_expert(f"COPY campaigns_contact ({columns}) FROM STDIN", buf)
    return time.perf_counter() - started


def ensure_data() -> dict:
    from django.db import connection
    from django.utils import timezone

    from campaigns.models import Attempt, Campaign, Contact, Turf, WalkList
    from core.roles import Role
    from core.tests.factories import ensure_territories, make_user, territory

    ensure_territories()
    medellin = territory("05001")
    places = ensure_places(medellin, PLACES)
    timings = {}
    have = Contact.objects.count()
    if have < CONTACTS:
        timings["copy_contacts_s"] = round(
            copy_contacts(start=have, count=CONTACTS - have, territory_id=medellin.pk, places=places), 1
        )
    campaign, _ = Campaign.objects.get_or_create(
        name="Bench", defaults={"territory": medellin.parent, "issues": ["Seguridad", "Empleo"], "list_size": LIST_SIZE}
    )
    volunteers = [
        _user(f"bench-vol-{n}")
        if _user_exists(f"bench-vol-{n}")
        else make_user(f"bench-vol-{n}", Role.FIELD_VOLUNTEER, territories=[medellin.parent])
        for n in range(VOLUNTEERS)
    ]
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO campaigns_turf (campaign_id, name, territory_id, unit_id, target_count, created_at)
            SELECT %s, 'Zona ' || u.name, u.territory_id, u.id, 1000, now()
            FROM electoral_electoralunit u
            WHERE u.id = ANY(%s) AND NOT EXISTS (SELECT 1 FROM campaigns_turf t WHERE t.unit_id = u.id)
            """,
            [campaign.pk, places],
        )
        # Contacts not on a list yet, ranked per polling place: list number and position.
        cursor.execute("DROP TABLE IF EXISTS bench_rank")
        cursor.execute(
            """
            CREATE TEMP TABLE bench_rank AS
            SELECT c.id AS contact_id, t.id AS turf_id,
                   (SELECT coalesce(max(number), 0) FROM campaigns_walklist w WHERE w.turf_id = t.id)
                     + (row_number() OVER (PARTITION BY t.id ORDER BY c.address, c.id) - 1) / %s + 1 AS number,
                   (row_number() OVER (PARTITION BY t.id ORDER BY c.address, c.id) - 1) %% %s + 1 AS position
            FROM campaigns_contact c
            JOIN campaigns_turf t ON t.unit_id = c.polling_place_id AND t.campaign_id = %s
            WHERE NOT EXISTS (SELECT 1 FROM campaigns_listentry e WHERE e.contact_id = c.id)
            """,
            [LIST_SIZE, LIST_SIZE, campaign.pk],
        )
        cursor.execute(
            "INSERT INTO campaigns_walklist (turf_id, number, created_at) "
            "SELECT DISTINCT turf_id, number, now() FROM bench_rank"
        )
        cursor.execute(
            """
            INSERT INTO campaigns_listentry (walk_list_id, contact_id, position)
            SELECT w.id, r.contact_id, r.position FROM bench_rank r
            JOIN campaigns_walklist w ON w.turf_id = r.turf_id AND w.number = r.number
            """
        )
        cursor.execute("DROP TABLE bench_rank")
        timings["lists_s"] = round(time.perf_counter() - started, 1)
        # Checkouts: one list in CHECKED_OUT_EVERY, round-robin over the volunteers, due in 3 days.
        ids = [v.pk for v in volunteers]
        cursor.execute(
            """
            UPDATE campaigns_walklist SET volunteer_id = (%s::bigint[])[((id / %s) %% %s) + 1],
                   checked_out_at = now(), due_at = now() + interval '3 days', completed_at = NULL
            WHERE id %% %s = 0
            """,
            [ids, CHECKED_OUT_EVERY, len(ids), CHECKED_OUT_EVERY],
        )
    have = Attempt.objects.count()
    if have < ATTEMPTS:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            rounds = max(1, -(-(ATTEMPTS - have) // max(1, Contact.objects.count())))
            cursor.execute(
                """
                INSERT INTO campaigns_attempt (client_uuid, walk_list_id, contact_id, volunteer_id, result,
                                               support_level, issues, recorded_at, created_at)
                SELECT gen_random_uuid(), e.walk_list_id, e.contact_id, w.volunteer_id,
                       (ARRAY['not_home', 'refused', 'talked'])[1 + (e.contact_id + g) %% 3],
                       CASE WHEN (e.contact_id + g) %% 3 = 2 THEN 1 + e.contact_id %% 5 END,
                       '{}', now() - make_interval(hours => g), now()
                FROM campaigns_listentry e JOIN campaigns_walklist w ON w.id = e.walk_list_id
                CROSS JOIN generate_series(1, %s) g
                LIMIT %s
                """,
                [rounds, ATTEMPTS - have],
            )
        timings["insert_attempts_s"] = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE campaigns_contact, campaigns_walklist, campaigns_listentry, campaigns_attempt")
    volunteer = volunteers[0]
    wl = WalkList.objects.of_volunteer(volunteer).order_by("id").first()
    WalkList.objects.filter(pk=wl.pk).update(due_at=timezone.now() + timezone.timedelta(days=3))
    return {
        "timings": timings,
        "volunteer": volunteer,
        "walk_list": wl,
        "sizes": {
            "contacts": Contact.objects.count(),
            "attempts": Attempt.objects.count(),
            "lists": WalkList.objects.count(),
            "turfs": Turf.objects.count(),
            "volunteer_lists": WalkList.objects.of_volunteer(volunteer).count(),
        },
    }


def _user_exists(username: str) -> bool:
    from core.models import User

    return User.objects.filter(username=username).exists()


def _user(username: str):
    from core.models import User

    return User.objects.get(username=username)


def _field_figures_plan() -> dict:
    """The registry query electoral's board refresh runs (all the bench's polling places at once)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.common import explain
    from campaigns.selectors import field_figures_by_polling_place
    from electoral.models import ElectoralUnit

    places = list(ElectoralUnit.objects.filter(code__startswith="BENCH-05001-P").values_list("id", flat=True))
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        field_figures_by_polling_place(places)
    seconds = time.perf_counter() - started
    return {
        "places": len(places),
        "seconds": round(seconds, 2),
        "queries": len(queries),
        "explain": explain(list(queries)),
    }


def run() -> dict:
    from bench.common import use_own_database

    database = use_own_database("campaigns")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.common import explain, measure_page, time_calls
    from core.tests.factories import login

    data = ensure_data()
    client = Client()
    login(client, data["volunteer"])
    wl = data["walk_list"]
    contact_id = wl.entries.values_list("contact_id", flat=True).first()
    url = f"/campo/listas/{wl.pk}/intentos/"

    def record():
        body = {"uuid": str(uuid.uuid4()), "contact": contact_id, "result": "talked", "support_level": 2}
        response = client.post(url, json.dumps(body), content_type="application/json")
        if response.status_code != 201:
            raise RuntimeError(f"attempt answered {response.status_code}")

    record()  # warm (content types, caches), as measure_page does with its first GET
    with CaptureQueriesContext(connection) as queries:
        record()
    record_queries = len(queries)
    record_plans = explain(list(queries.captured_queries))
    return {
        "database": database,
        **data["sizes"],
        **data["timings"],
        "volunteer_list_page": measure_page(client, "/campo/"),
        "phone_list_page": measure_page(client, f"/campo/listas/{wl.pk}/"),
        "record_attempt": {**time_calls(record, repeat=100), "queries": record_queries, "explain": record_plans},
        "board_field_figures": _field_figures_plan(),
    }
