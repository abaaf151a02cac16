"""Every electoral link a user is shown opens for that user: walk the pages a role can reach,
following each link on them, and none answers 403."""

import re
from collections import deque

import pytest

from electoral.services.results import tally_entry_submit
from electoral.tests.factories import MilestoneFactory, make_options, make_watcher

pytestmark = pytest.mark.django_db
HREF = re.compile(r'href="(/electoral/[^"#]*)')


@pytest.fixture
def busy(secretary, secretary2, election, geo, medellin):
    MilestoneFactory(election=election)
    make_watcher(election, medellin)
    options = make_options(election)
    table = geo["tables"]["05001-P1-M1"]
    first = {str(o.pk): 1 for o in options.values()}
    tally_entry_submit(actor=secretary, election=election, table=table, values=first)
    tally_entry_submit(actor=secretary2, election=election, table=table, values={**first, str(options["own"].pk): 2})


def _forbidden_links(client, start: str, limit: int = 60) -> list[tuple[str, str]]:
    """(page, link) pairs where a link shown on a page answers 403."""
    seen, queue, forbidden = {start}, deque([(None, start)]), []
    while queue and len(seen) <= limit:
        page, url = queue.popleft()
        response = client.get(url)
        if response.status_code == 403:
            forbidden.append((page, url))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in HREF.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link not in seen and "export=" not in link:
                seen.add(link)
                queue.append((url, link))
    return forbidden


def test_a_reader_is_shown_no_electoral_link_that_answers_403(login_as, reader, election, busy):
    assert _forbidden_links(login_as(reader), f"/electoral/elecciones/{election.pk}/") == []


def test_a_reader_is_not_shown_the_election_day_tab(login_as, reader, election, busy):
    body = login_as(reader).get(f"/electoral/elecciones/{election.pk}/").content.decode()
    assert f"/electoral/elecciones/{election.pk}/jornada/" not in body


def test_an_operator_still_sees_the_election_day_tab(login_as, bob, election, busy):
    body = login_as(bob).get(f"/electoral/elecciones/{election.pk}/").content.decode()
    assert f'href="/electoral/elecciones/{election.pk}/jornada/"' in body


def test_a_regional_coordinator_is_shown_no_electoral_link_that_answers_403(login_as, bob, election, busy):
    assert _forbidden_links(login_as(bob), f"/electoral/elecciones/{election.pk}/") == []
