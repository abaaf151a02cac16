"""The progress bar a page polls: the page reloads once when its job ends, never in a loop."""

import pytest
from django.urls import reverse

from core.jobs import job_create, job_succeed

pytestmark = pytest.mark.django_db
RELOAD = 'hx-trigger="load" hx-target="body"'


def _poll(client, job, **params):
    return client.get(reverse("core:job-progress", args=[job.pk]), params).content.decode()


def test_the_polled_bar_of_a_finished_job_reloads_the_page_that_polls(alice, login_as):
    job = job_create(kind="core.health_check", user=alice)
    job_succeed(job.pk)
    fragment = _poll(login_as(alice), job, refresh="/electoral/geografia/importaciones/1/")
    assert f'hx-get="/electoral/geografia/importaciones/1/" {RELOAD}' in fragment


def test_the_polled_bar_never_reloads_another_site(alice, login_as):
    job = job_create(kind="core.health_check", user=alice)
    job_succeed(job.pk)
    fragment = _poll(login_as(alice), job, refresh="//elsewhere.example/x")
    assert RELOAD not in fragment


def test_a_running_job_keeps_the_page_address_in_its_polling(alice, login_as):
    job = job_create(kind="core.health_check", user=alice)
    fragment = _poll(login_as(alice), job, refresh="/rosters/1/")
    assert "?refresh=/rosters/1/" in fragment


def test_a_page_drawn_with_a_finished_job_does_not_reload_itself(alice):
    from django.template.loader import render_to_string

    job = job_create(kind="core.health_check", user=alice)
    job_succeed(job.pk)
    job.refresh_from_db()
    html = render_to_string("components/job_progress.html", {"job": job, "refresh_url": "/rosters/1/"})
    assert RELOAD not in html
