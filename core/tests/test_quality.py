"""Project hygiene checked on every run: migrations match the models, ruff is clean."""

import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(databases=["default", "kit"])  # with a router, makemigrations checks every alias
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run([ruff, "check", "--quiet", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_checks_pass_with_production_variables():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "x" * 60 + "production-like-secret-with-enough-entropy-0123456789",
        "DATABASE_URL": "postgres://u:p@db.example.org:5432/militancia",
        "REDIS_URL": "redis://cache.example.org:6379/0",
        "DJANGO_ALLOWED_HOSTS": "militancia.example.org",
        "FILE_ENCRYPTION_KEYS": "cHJvZHVjdGlvbi1saWtlLWZpbGUta2V5LTMyLWJ5dGU=",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_checks_fail_without_file_encryption_keys():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "x" * 60 + "production-like-secret-with-enough-entropy-0123456789",
        "DATABASE_URL": "postgres://u:p@db.example.org:5432/militancia",
        "DJANGO_ALLOWED_HOSTS": "militancia.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert "core.E101" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": "postgres://x/y"}
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--plan"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_offline_commands_run_without_the_production_variables():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
