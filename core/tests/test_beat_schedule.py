"""Periodic tasks are declared once, in settings, and beat writes them into its tables."""

from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_celery_beat.models import PeriodicTask

from config.celery import app
from config.settings import env_crontab

cleanup = import_module("core.migrations.0006_beat_schedule_in_settings")


@pytest.fixture
def beat_start(monkeypatch):
    """What `celery beat` (started by `make run`) does first: write the schedule into its tables."""
    from django_celery_beat import schedulers

    # Beat drops stale connections between ticks; inside the test's transaction that would end it.
    monkeypatch.setattr(schedulers, "close_old_connections", lambda: None)
    return lambda: schedulers.DatabaseScheduler(app=app)


def test_every_scheduled_entry_names_a_registered_task():
    app.loader.import_default_modules()
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(app.tasks)


@pytest.mark.django_db
def test_beat_writes_the_schedule_into_its_tables_when_it_starts(beat_start):
    beat_start()  # what `celery beat` (started by `make run`) does first
    stored = dict(PeriodicTask.objects.filter(name__in=settings.CELERY_BEAT_SCHEDULE).values_list("name", "task"))
    assert stored == {name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items()}


@pytest.mark.django_db
def test_the_nightly_search_runs_at_half_past_two_by_default(beat_start):
    beat_start()
    crontab = PeriodicTask.objects.get(name="militancia.duplicates_detect").crontab
    assert (crontab.minute, crontab.hour) == ("30", "2")


def test_a_time_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("BEAT_DUPLICATES_DETECT", "15 3 * * 0")
    assert env_crontab("BEAT_DUPLICATES_DETECT", "30 2 * * *") == {
        "minute": "15",
        "hour": "3",
        "day_of_month": "*",
        "month_of_year": "*",
        "day_of_week": "0",
    }


def test_off_drops_an_entry(monkeypatch):
    monkeypatch.setenv("BEAT_DUPLICATES_DETECT", "off")
    assert env_crontab("BEAT_DUPLICATES_DETECT", "30 2 * * *") is None


def test_a_malformed_time_refuses_to_start(monkeypatch):
    monkeypatch.setenv("BEAT_DUPLICATES_DETECT", "at night")
    with pytest.raises(ImproperlyConfigured):
        env_crontab("BEAT_DUPLICATES_DETECT", "30 2 * * *")


@pytest.mark.django_db
def test_the_migration_deletes_the_rows_the_old_migrations_created():
    cleanup.restore_old_rows(apps, None)  # the database as the six old data migrations left it
    assert PeriodicTask.objects.filter(task__in=[task for _n, task, _c in cleanup.OLD_ROWS]).count() == 6
    cleanup.delete_old_rows(apps, None)
    assert not PeriodicTask.objects.filter(task__in=[task for _n, task, _c in cleanup.OLD_ROWS]).exists()


@pytest.mark.django_db
def test_the_migration_keeps_the_schedule_from_settings(beat_start):
    beat_start()
    cleanup.delete_old_rows(apps, None)
    assert PeriodicTask.objects.filter(name__in=settings.CELERY_BEAT_SCHEDULE).count() == len(
        settings.CELERY_BEAT_SCHEDULE
    )
