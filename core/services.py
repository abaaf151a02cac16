"""Core write services: territories and users."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction

from core.models import Territory

if TYPE_CHECKING:
    from core.jobs import JobProgress

DIVIPOLA_CSV = Path(__file__).resolve().parent / "data" / "divipola.csv"
COUNTRY_CODE = "CO"


@transaction.atomic
def territories_load_divipola(*, csv_path: Path = DIVIPOLA_CSV) -> dict[str, int]:
    """Load Colombia, its departments and municipalities. Idempotent: a re-run only renames."""
    country = _upsert(code=COUNTRY_CODE, name="Colombia", kind=Territory.Kind.COUNTRY, parent=None)
    created = updated = 0
    departments: dict[str, Territory] = {}
    with open(csv_path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = {t.path: t for t in Territory.objects.filter(path__startswith=country.path)}
    for row in rows:
        code = row["department_code"]
        if code not in departments:
            departments[code], changed = _sync(
                existing, row["department_name"], code, Territory.Kind.DEPARTMENT, country
            )
            created += changed == "created"
            updated += changed == "updated"
    for row in rows:
        _territory, changed = _sync(
            existing,
            row["municipality_name"],
            row["municipality_code"],
            Territory.Kind.MUNICIPALITY,
            departments[row["department_code"]],
        )
        created += changed == "created"
        updated += changed == "updated"
    return {"created": created, "updated": updated, "departments": len(departments), "municipalities": len(rows)}


def _upsert(*, code, name, kind, parent) -> Territory:
    territory, _created = Territory.objects.get_or_create(
        parent=parent, code=code, defaults={"name": name, "kind": kind}
    )
    return territory


def _sync(existing, name, code, kind, parent) -> tuple[Territory, str]:
    path = f"{parent.path}{code}/"
    territory = existing.get(path)
    if territory is None:
        territory = Territory(code=code, name=name, kind=kind, parent=parent)
        territory.save()
        return territory, "created"
    if territory.name != name or territory.kind != kind:
        territory.name, territory.kind = name, kind
        territory.save(update_fields=["name", "kind", "path", "depth"])
        return territory, "updated"
    return territory, ""


def health_check_run(*, steps: int, pause: float, progress: JobProgress) -> dict[str, bool]:
    """Check the database and the cache from wherever this runs, reporting a step at a time."""
    import time

    from django.core.cache import cache
    from django.db import connection
    from django.utils.translation import gettext as _

    progress(0, total=steps, step=_("Checking the services"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        database_ok = cursor.fetchone()[0] == 1
    token = f"{time.monotonic()}"
    cache.set("health_check", token, 30)
    cache_ok = cache.get("health_check") == token
    for step in range(1, steps + 1):
        time.sleep(pause)
        progress(step, step=_("Step %(step)s of %(steps)s") % {"step": step, "steps": steps})
    return {"database": database_ok, "cache": cache_ok}
