"""Solidarity cases with 20,000 cases (2,000 of them restricted): the case list and a case page,
median/p95 ms and SQL queries, for a national secretary, a departmental secretary and a
professional with 300 cases. The visibility rule (role, scope, named people, professional) is
one query condition; this measures what it costs at volume. Each page also writes its audit rows."""

from __future__ import annotations

import random

CASES = 20_000
RESTRICTED_EVERY = 10


def ensure_cases() -> None:
    from django.utils import timezone

    from core.models import Territory, User
    from core.roles import Role
    from core.tests.factories import make_user
    from militancia.models import Member
    from militancia.tests.factories import MemberFactory
    from solidarity.models import Professional, SolidarityCase

    if SolidarityCase.objects.count() >= CASES:
        return
    rng = random.Random(17)
    municipalities = list(Territory.objects.filter(kind=Territory.Kind.MUNICIPALITY).order_by("code")[:300])
    if Member.objects.count() < 2000:
        for n in range(2000):
            MemberFactory(territory=municipalities[n % len(municipalities)])
    members = list(Member.objects.values_list("pk", "territory_id")[:2000])
    secretary = make_user("bench-solidarity", Role.SOLIDARITY)
    account = User.objects.filter(username="bench-professional").first() or make_user("bench-professional")
    professional, _ = Professional.objects.get_or_create(
        user=account, defaults={"name": "Profesional de prueba", "specialty": "abogado", "phone": "3000000000"}
    )
    today = timezone.localdate()
    rows = []
    for n in range(CASES):
        member_id, territory_id = members[n % len(members)]
        rows.append(
            SolidarityCase(
                member_id=member_id,
                territory_id=territory_id,
                kind=rng.choice(SolidarityCase.Kind.values),
                urgency=rng.choice(SolidarityCase.Urgency.values),
                facts="Hechos del caso",
                needs="Lo que se necesita",
                status=rng.choice(SolidarityCase.Status.values),
                professional=professional if n % 66 == 0 else None,
                restricted=n % RESTRICTED_EVERY == 0,
                opened_on=today,
                created_by=secretary,
            )
        )
    SolidarityCase.objects.bulk_create(rows, batch_size=2000)
    through = SolidarityCase.allowed_users.through
    restricted = SolidarityCase.objects.filter(restricted=True).values_list("pk", flat=True)
    through.objects.bulk_create(
        [through(solidaritycase_id=pk, user_id=secretary.pk) for pk in restricted[: len(restricted) // 2]],
        ignore_conflicts=True,
    )


def run() -> dict:
    from django.test import Client

    from bench.common import measure_page
    from core.models import Territory, User
    from core.roles import Role
    from core.tests.factories import ensure_territories, login, make_user
    from solidarity.models import SolidarityCase

    ensure_territories()
    ensure_cases()
    antioquia = Territory.objects.get(code="05", kind=Territory.Kind.DEPARTMENT)
    results = {"cases": SolidarityCase.objects.count()}
    actors = (
        ("national_secretary", User.objects.get(username="bench-solidarity")),
        ("departmental_secretary", make_user("bench-solidarity-05", Role.SOLIDARITY, territories=[antioquia])),
        ("professional", User.objects.get(username="bench-professional")),
    )
    for label, user in actors:
        client = Client()
        login(client, user)
        results[f"{label}_list"] = measure_page(client, "/solidaridad/casos/?status=abierto", repeat=30)
        case = SolidarityCase.objects.visible_to(user).order_by("-pk").first()
        if case is not None:
            results[f"{label}_case"] = measure_page(client, f"/solidaridad/casos/{case.pk}/", repeat=30)
    return results


if __name__ == "__main__":
    import json

    from bench.common import migrate, setup_django

    setup_django()
    migrate()
    print(json.dumps(run()))
