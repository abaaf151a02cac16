"""Query counts of the pages that run on national data: constant, whatever the number of rows."""

import pytest
from django.urls import reverse

from core.tests.queries import at_most_queries
from electoral.models import PollWatcher
from electoral.services.results import summaries_refresh
from electoral.services.watchers import assignments_create
from electoral.tests.factories import make_options, make_watcher

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(bob, secretary, election, geo, medellin):
    make_options(election)
    watchers = [make_watcher(election, medellin, status=PollWatcher.Status.ACCREDITED) for _ in range(4)]
    tables = [t for code, t in sorted(geo["tables"].items()) if code.startswith("05001")]
    assignments_create(actor=bob, election=election, pairs=list(zip(watchers, tables, strict=False)))
    summaries_refresh(election_id=election.pk)
    return watchers


@pytest.mark.parametrize(
    "name, query",
    [("electoral:coverage", {}), ("electoral:analysis", {}), ("electoral:checkin", {}), ("electoral:watcher-list", {})],
)
def test_heavy_pages_run_at_most_ten_queries(
    login_as, django_assert_max_num_queries, secretary, election, geo, busy, name, query
):
    client = login_as(secretary)
    url = reverse(name, args=[election.pk])
    client.get(url)  # warm the session
    with at_most_queries(10):
        response = client.get(url, query)
    assert response.status_code == 200


def test_analysis_of_a_unit_runs_at_most_ten_queries(
    login_as, django_assert_max_num_queries, secretary, election, geo, busy
):
    client = login_as(secretary)
    url = reverse("electoral:analysis", args=[election.pk])
    client.get(url)
    with at_most_queries(10):
        assert client.get(url, {"unit": geo["m05"].pk}).status_code == 200


@pytest.mark.parametrize(
    "name", ["electoral:candidate-list", "electoral:milestone-calendar", "electoral:incident-list"]
)
def test_list_pages_are_constant(login_as, django_assert_max_num_queries, secretary, election, busy, name):
    client = login_as(secretary)
    url = reverse(name, args=[election.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_coverage_of_a_unit_runs_at_most_ten_queries(login_as, secretary, election, geo, busy):
    client = login_as(secretary)
    url = reverse("electoral:coverage", args=[election.pk])
    client.get(url, {"unit": geo["m05"].pk})
    with at_most_queries(10):
        response = client.get(url, {"unit": geo["m05"].pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Antioquia" in body
    assert "4 / 6" in body


def test_coverage_of_a_unit_out_of_scope_is_404(login_as, charlie, election, geo):
    response = login_as(charlie).get(reverse("electoral:coverage", args=[election.pk]), {"unit": geo["m05"].pk})
    assert response.status_code == 404
