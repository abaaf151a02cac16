"""The progress bar a page polls: the page reloads once when its job ends, never in a loop."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from core.jobs import job_create, job_succeed

pytestmark = pytest.mark.django_db


def _poll(client, job, **params):
    return client.get(reverse("core:job-progress", args=[job.pk]), params)


def test_the_polled_bar_of_a_finished_job_reloads_the_page_that_polls(alice, login_as):
    job = job_create(kind="core.health_check", user=alice)
    job_succeed(job.pk)
    response = _poll(login_as(alice), job, refresh="1")
    assert response["HX-Refresh"] == "true"


def test_a_bar_with_no_page_to_reload_never_asks_for_a_reload(alice, login_as):
    job = job_create(kind="core.health_check", user=alice)
    job_succeed(job.pk)
    assert "HX-Refresh" not in _poll(login_as(alice), job)


def test_a_running_job_polls_asking_to_reload_its_page_when_done(alice):
    job = job_create(kind="core.health_check", user=alice)
    html = render_to_string("components/job_progress.html", {"job": job, "refresh_url": "/rosters/1/"})
    assert f"{reverse('core:job-progress', args=[job.pk])}?refresh=1" in html


def test_a_page_drawn_with_a_finished_job_does_not_poll_again(alice):
    job = job_create(kind="core.health_check", user=alice)
    job_succeed(job.pk)
    job.refresh_from_db()
    html = render_to_string("components/job_progress.html", {"job": job, "refresh_url": "/rosters/1/"})
    assert "hx-get" not in html
