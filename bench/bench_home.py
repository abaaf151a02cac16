"""Home page with 10,000 users in the database: median/p95 ms and SQL queries per request."""

from __future__ import annotations

USERS = 10_000


def ensure_users() -> None:
    from django.contrib.auth.models import Group

    from core.models import User
    from core.roles import Role, sync_role_permissions

    if User.objects.filter(username__startswith="bench-user-").count() >= USERS:
        return
    sync_role_permissions()
    password = User().password  # unusable; these users never log in
    User.objects.bulk_create(
        [
            User(username=f"bench-user-{n:05d}", first_name="Usuario", last_name=str(n), password=password)
            for n in range(USERS)
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    reader = Group.objects.get(name=Role.READ_ONLY.value)
    through = User.groups.through
    ids = User.objects.filter(username__startswith="bench-user-").values_list("pk", flat=True)
    through.objects.bulk_create([through(user_id=pk, group_id=reader.pk) for pk in ids], ignore_conflicts=True)


def run() -> dict:
    from django.test import Client

    from bench.common import measure_page
    from core.models import Territory
    from core.roles import Role
    from core.tests.factories import ensure_territories, login, make_user

    ensure_territories()
    ensure_users()
    results = {"users": USERS}
    antioquia = Territory.objects.get(code="05", kind=Territory.Kind.DEPARTMENT)
    for label, role, scope in (
        ("national_admin", Role.NATIONAL_ADMIN, []),
        ("regional_coordinator", Role.REGIONAL_COORDINATOR, [antioquia]),
    ):
        user = make_user(f"bench-{label}", role, territories=scope)
        client = Client()
        login(client, user)
        results[label] = measure_page(client, "/", repeat=100)
    return results


if __name__ == "__main__":
    import json

    from bench.common import migrate, setup_django

    setup_django()
    migrate()
    print(json.dumps(run()))
