"""Communications with 10,000 pieces: the chief's review inbox and the calendar (month and week).

Median/p95 ms and SQL queries per request through the Django test client. Seeds idempotently:
10,000 pieces over the twelve months around today, about 5 % of them waiting for review.
"""

from __future__ import annotations

PIECES = 10_000


def ensure_pieces() -> None:
    import random
    from datetime import timedelta

    from django.utils import timezone

    from comunicaciones.models import Channel, Piece
    from core.roles import Role
    from core.tests.factories import make_user

    if Piece.objects.filter(title__startswith="bench-piece-").count() >= PIECES:
        return
    authors = [make_user(f"bench-pro-{n}", Role.COMMS_PROFESSIONAL) for n in range(8)]
    rng = random.Random(5)
    today = timezone.localdate()
    now = timezone.now()
    statuses = [s for s in Piece.Status.values if s not in Piece.REVIEW_STATES]
    channels = list(Channel.values)
    pieces = []
    for n in range(PIECES):
        author = authors[n % len(authors)]
        in_review = n % 20 == 0
        status = rng.choice(list(Piece.REVIEW_STATES)) if in_review else rng.choice(statuses)
        pieces.append(
            Piece(
                title=f"bench-piece-{n:05d} Convocatoria a la jornada de afiliación",
                requested_by="Comité de dirección",
                request="Pieza de prueba de rendimiento",
                channels=rng.sample(channels, rng.randint(1, 3)),
                planned_date=today + timedelta(days=rng.randint(-180, 180)),
                text="Texto de la pieza. " * 20,
                status=status,
                version=rng.randint(1, 4) if status not in (Piece.Status.NEED, Piece.Status.EDITORIAL) else 0,
                submitted_at=now - timedelta(minutes=rng.randint(5, 60 * 24 * 10)) if in_review else None,
                author=author,
                designer=authors[(n + 1) % len(authors)],
                created_by=author,
            )
        )
    Piece.objects.bulk_create(pieces, batch_size=2000)


def run() -> dict:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from bench.common import measure_page
    from comunicaciones.models import Piece
    from core.roles import Role
    from core.tests.factories import ensure_territories, login, make_user

    ensure_territories()
    ensure_pieces()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE comunicaciones_piece")
    chief = make_user("bench-jefa", Role.COMMS_CHIEF)
    client = Client()
    login(client, chief)
    today = timezone.localdate()
    results = {
        "pieces": Piece.objects.count(),
        "waiting_for_review": Piece.objects.filter(status__in=Piece.REVIEW_STATES).count(),
        "inbox": measure_page(client, "/comunicaciones/bandeja/", repeat=60),
        "calendar_month": measure_page(client, f"/comunicaciones/cronograma/?fecha={today:%Y-%m-%d}", repeat=60),
        "calendar_week": measure_page(
            client, f"/comunicaciones/cronograma/?vista=semana&fecha={today:%Y-%m-%d}", repeat=60
        ),
        "calendar_month_one_channel": measure_page(
            client, f"/comunicaciones/cronograma/?fecha={today:%Y-%m-%d}&canal=instagram", repeat=60
        ),
    }
    pages = [v for v in results.values() if isinstance(v, dict)]
    results["max_queries"] = max(p["queries"] for p in pages)
    results["max_p95_ms"] = max(p["p95_ms"] for p in pages)
    results["within_budget"] = results["max_queries"] <= 10 and results["max_p95_ms"] <= 150
    return results


if __name__ == "__main__":
    import json

    from bench.common import migrate, setup_django

    setup_django()
    migrate()
    print(json.dumps(run()))
