"""Active members in the analysis: each territory's members counted once.

The test geography maps both polling places of Medellín to the Medellín territory: before, each
place showed all of Medellín's members (7 + 7 for 7 members)."""

import io
import json
import re

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from electoral.services.results import summaries_refresh
from electoral.tests.factories import make_options
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(election, geo, medellin, bogota):
    make_options(election)
    summaries_refresh(election_id=election.pk)
    for _ in range(7):
        MemberFactory(territory=medellin)
    MemberFactory(territory=bogota)


def _page(client, election, **query) -> str:
    return client.get(f"/electoral/elecciones/{election.pk}/analisis/", query).content.decode()


def _members_cell(body: str, unit_name: str) -> str:
    row = body[body.index(f">{unit_name}</a>") :].split("</tr>")[0]
    return re.findall(r'<td class="text-end">([^<]*)</td>', row)[-1]


def test_units_sharing_a_territory_are_not_each_given_its_members(login_as, secretary, election, geo, members):
    body = _page(login_as(secretary), election, unit=geo["m05"].pk)
    assert _members_cell(body, "Puesto 1 Medellín") == "—"


def test_the_shared_members_are_shown_once_and_explained(login_as, secretary, election, geo, members):
    body = _page(login_as(secretary), election, unit=geo["m05"].pk)
    assert "Medellín tiene 7 militantes activos, compartidos por 2 unidades de este nivel" in body


def test_the_total_counts_each_territory_once(login_as, secretary, election, geo, members):
    body = _page(login_as(secretary), election, unit=geo["m05"].pk)
    assert '<span id="members-total">7</span>' in body


def test_units_with_their_own_territory_get_its_members(login_as, secretary, election, geo, members):
    body = _page(login_as(secretary), election, unit=geo["root"].pk)
    assert _members_cell(body, "Antioquia") == "7"


def test_the_chart_draws_no_members_for_units_sharing_a_territory(login_as, secretary, election, geo, members):
    body = _page(login_as(secretary), election, unit=geo["m05"].pk)
    data = json.loads(re.search(r'id="chart-data" type="application/json">(.*?)</script>', body).group(1))
    assert data["members"] == [None, None]


def test_the_export_counts_shared_members_once(login_as, secretary, election, geo, members):
    response = login_as(secretary).get(
        f"/electoral/elecciones/{election.pk}/analisis/", {"unit": geo["m05"].pk, "export": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    column = header.index("Militantes activos")
    values = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == [None, None, 7]


def test_the_uncached_analysis_page_runs_at_most_ten_queries(
    login_as, django_assert_max_num_queries, settings, secretary, election, geo, members
):
    """Nine for the page, plus the sidebar's solidarity-professional lookup that sign-in caches and
    cache.clear() drops. Production adds a session write at most once a minute
    (SessionIdleMiddleware), left out so the count does not include the test's SAVEPOINTs."""
    settings.SESSION_TOUCH_SECONDS = 3600
    client = login_as(secretary)
    _page(client, election)  # the session, once
    cache.clear()
    with django_assert_max_num_queries(10):
        _page(client, election, unit=geo["m05"].pk)
