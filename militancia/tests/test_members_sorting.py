"""The member list sorts by name, document, territory and joined date through its column headers,
keeps keyset paging in that order and stays within its query budget."""

import re
from datetime import date, timedelta

import pytest

from core.tests.factories import territory
from core.tests.queries import at_most_queries
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

COLUMNS = {
    "name": lambda m: (m.search_name, m.pk),
    "document": lambda m: (m.id_number, m.pk),
    "territory": lambda m: (m.territory.name, m.pk),
    "joined": lambda m: (m.joined_on, m.pk),
}


@pytest.fixture
def members(medellin):
    towns = [medellin, territory("05266"), territory("05001"), territory("05088")]  # Medellín, Envigado, Bello
    names = ["Zoila", "Álvaro", "Beatriz", "Óscar", "Carmen", "Andrés", "Ñusta", "Elena"]
    created = []
    for n in range(60):
        created.append(
            MemberFactory(
                first_names=f"{names[n % len(names)]} {n:02d}",
                id_number=str(90_000_000 - n * 7919 % 100_000),
                territory=towns[n % len(towns)],
                joined_on=date(2020, 1, 1) + timedelta(days=(n * 37) % 900),
            )
        )
    return created


def _header_href(body: str, label: str) -> str:
    """The href of a sortable column header, as the page renders it."""
    match = re.search(r'<th[^>]*aria-sort="[a-z]+"><a class="sort-link" href="([^"]+)">' + label, body)
    return match.group(1).replace("&amp;", "&")


def _ids(response) -> list[int]:
    return [m.pk for m in response.context["page"].object_list]


@pytest.mark.parametrize("column,label", [("name", "Nombre"), ("document", "Documento"), ("territory", "Municipio"),
                                          ("joined", "Fecha de ingreso")])  # fmt: skip
def test_clicking_a_header_sorts_ascending(login_as, alice, members, column, label):
    client = login_as(alice)
    href = _header_href(client.get("/militantes/").content.decode(), label)
    expected = [m.pk for m in sorted(members, key=COLUMNS[column])][:50]
    assert _ids(client.get(f"/militantes/{href}")) == expected


@pytest.mark.parametrize("column,label", [("name", "Nombre"), ("document", "Documento"), ("territory", "Municipio"),
                                          ("joined", "Fecha de ingreso")])  # fmt: skip
def test_clicking_the_header_again_sorts_descending(login_as, alice, members, column, label):
    client = login_as(alice)
    first = _header_href(client.get("/militantes/").content.decode(), label)
    second = _header_href(client.get(f"/militantes/{first}").content.decode(), label)
    expected = [m.pk for m in sorted(members, key=COLUMNS[column], reverse=True)][:50]
    assert _ids(client.get(f"/militantes/{second}")) == expected


@pytest.mark.parametrize("column", ["name", "-document", "territory", "-joined"])
def test_the_next_and_previous_pages_keep_the_order(login_as, alice, members, column):
    client = login_as(alice)
    first = client.get("/militantes/", {"orden": column})
    page = first.context["page"]
    second = client.get("/militantes/", {"orden": column, "after": page.next_after})
    key = COLUMNS[column.lstrip("-")]
    expected = [m.pk for m in sorted(members, key=key, reverse=column.startswith("-"))]
    assert _ids(first) + _ids(second) == expected


def test_the_previous_page_of_a_sorted_list_is_the_first_page(login_as, alice, members):
    client = login_as(alice)
    first = client.get("/militantes/", {"orden": "name"})
    second = client.get("/militantes/", {"orden": "name", "after": first.context["page"].next_after})
    back = client.get("/militantes/", {"orden": "name", "before": second.context["page"].previous_before})
    assert _ids(back) == _ids(first)


def test_the_sort_header_says_how_the_list_is_sorted(login_as, alice, members):
    body = login_as(alice).get("/militantes/", {"orden": "-joined"}).content.decode()
    assert 'aria-sort="descending"><a class="sort-link" href="?orden=joined">Fecha de ingreso' in body


def test_filtering_keeps_the_sort(login_as, alice, members):
    body = login_as(alice).get("/militantes/", {"orden": "territory"}).content.decode()
    assert '<input type="hidden" name="orden" value="territory">' in body


def test_an_unknown_sort_falls_back_to_newest_first(login_as, alice, members):
    response = login_as(alice).get("/militantes/", {"orden": "password"})
    assert _ids(response) == sorted((m.pk for m in members), reverse=True)[:50]


def test_a_coordinator_sorting_sees_only_their_scope(login_as, charlie, members):
    response = login_as(charlie).get("/militantes/", {"orden": "name"})
    assert _ids(response) == []


@pytest.mark.parametrize("column", ["name", "-document", "territory", "-joined"])
def test_a_sorted_page_stays_within_the_query_budget(login_as, alice, members, column):
    client = login_as(alice)
    page = client.get("/militantes/", {"orden": column}).context["page"]
    # Ten: two of them audit the read (the event and the members it showed); savepoints left out,
    # production has none (the audit's transaction commits once).
    with at_most_queries(10):
        assert client.get("/militantes/", {"orden": column, "after": page.next_after}).status_code == 200
