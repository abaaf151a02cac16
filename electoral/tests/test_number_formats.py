"""Numbers written into CSS and HTML attributes are never localized (no decimal comma in
`width:` or `aria-valuenow`), while the figures people read stay Colombian."""

import re

import pytest

from electoral.models import PollWatcher
from electoral.services.watchers import assignments_create
from electoral.tests.factories import make_watcher

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_covered(bob, election, geo, medellin):
    """One of Medellín's six tables covered: 16.7 % of the municipality, 33.3 % of place 1, 0 % of place 2."""
    watcher = make_watcher(election, medellin, status=PollWatcher.Status.ACCREDITED)
    assignments_create(actor=bob, election=election, pairs=[(watcher, geo["tables"]["05001-P1-M1"])])


def _coverage(client, election, unit) -> str:
    return client.get(f"/electoral/elecciones/{election.pk}/cobertura/", {"unit": unit.pk}).content.decode()


def test_the_coverage_bar_width_is_a_class_the_policy_allows(login_as, secretary, election, geo, one_covered):
    # No style="" under the Content-Security-Policy: a width class per whole percent (core/templatetags/ui.py).
    assert "progress-bar bg-success pct-17" in _coverage(login_as(secretary), election, geo["m05"])


def test_the_coverage_bar_value_uses_a_decimal_point(login_as, secretary, election, geo, one_covered):
    assert 'aria-valuenow="16.7"' in _coverage(login_as(secretary), election, geo["m05"])


def test_an_empty_bar_is_drawn_empty(login_as, secretary, election, geo, one_covered):
    assert "pct-0 bg-warning" in _coverage(login_as(secretary), election, geo["m05"])


def test_a_place_bar_is_drawn_at_its_rounded_width(login_as, secretary, election, geo, one_covered):
    assert "pct-33 bg-warning" in _coverage(login_as(secretary), election, geo["m05"])


def test_the_percentage_people_read_stays_colombian(login_as, secretary, election, geo, one_covered):
    assert ">16,7 %</div>" in _coverage(login_as(secretary), election, geo["m05"])


def test_no_localized_number_reaches_a_style_or_aria_value(login_as, secretary, election, geo, one_covered):
    body = _coverage(login_as(secretary), election, geo["m05"])
    assert re.findall(r'(?:width: |aria-valuenow=")[0-9]+,[0-9]', body) == []
