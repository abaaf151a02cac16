"""Existing job rows take the kinds named `<app>.<object>_<action>`, and back."""

from importlib import import_module

import pytest
from django.apps import apps

from core.models import Job

migration = import_module("core.migrations.0005_job_kinds_named_one_way")
pytestmark = pytest.mark.django_db


def test_it_renames_the_old_kinds():
    Job.objects.create(kind="roster_import")
    migration.forwards(apps, None)
    assert list(Job.objects.values_list("kind", flat=True)) == ["rosters.upload_import"]


def test_it_leaves_kinds_already_named_one_way():
    Job.objects.create(kind="electoral.results_import")
    migration.forwards(apps, None)
    assert list(Job.objects.values_list("kind", flat=True)) == ["electoral.results_import"]


def test_it_is_reversible():
    Job.objects.create(kind="national_report")
    migration.forwards(apps, None)
    migration.backwards(apps, None)
    assert list(Job.objects.values_list("kind", flat=True)) == ["national_report"]
