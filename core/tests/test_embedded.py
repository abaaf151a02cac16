"""The launcher behind `make run`/`make test` starts embedded PostgreSQL and Redis when no
servers are configured, and keeps their data between runs."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "from django.core.cache import cache; from django.db import connection; "
    "cursor = connection.cursor(); cursor.execute('select version()'); "
    "cache.set('probe', 41); print('PG', cursor.fetchone()[0].split()[1], 'REDIS', cache.get('probe') + 1); "
    "from core.models import Territory; print('TERRITORIES', Territory.objects.count())"
)


def _launch(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env["MILITANCIA_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "core.embedded", "manage", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_it_runs_on_embedded_servers_and_keeps_the_data(tmp_path):
    data_dir = tmp_path / "data"
    migrate = _launch(data_dir, "migrate", "--noinput")
    assert migrate.returncode == 0, migrate.stdout[-2000:] + migrate.stderr[-2000:]
    assert "PostgreSQL embebido" in migrate.stdout
    assert "Redis embebido" in migrate.stdout
    loaded = _launch(data_dir, "load_territories")
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    probe = _launch(data_dir, "shell", "-c", PROBE)
    assert probe.returncode == 0, probe.stderr[-2000:]
    assert "REDIS 42" in probe.stdout
    assert "TERRITORIES 1156" in probe.stdout  # still there in a second run: the data persists
    assert (data_dir / "pg").is_dir()
    assert (data_dir / "redis" / "redis.db").exists()
