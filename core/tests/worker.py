"""A real Celery worker process for integration tests, on the real Redis and the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _test_database_url() -> str:
    """DATABASE_URL pointing at the database this test run actually uses (test_<name>)."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


@contextmanager
def celery_worker(*, concurrency: int = 1, ready_timeout: float = 60):
    """Start `celery -A config worker` on this run's queue; stop it (SIGTERM) afterwards.

    Yields the Popen so a test can kill it mid-task (SIGKILL) to prove jobs are resumable.
    """
    from config.celery import app

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    app.control.purge()
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_CONN_MAX_AGE": "0",
        "TEST_CELERY_QUEUE": queue,
        "TEST_CACHE_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            queue,
            "--pool",
            "prefork",
            "--concurrency",
            str(concurrency),
            "-l",
            "warning",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the Celery worker exited with code {process.returncode}")
            if app.control.inspect(timeout=0.5).ping():
                break
        else:
            raise TimeoutError("the Celery worker did not start")
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
