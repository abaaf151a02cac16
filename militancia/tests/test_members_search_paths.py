"""The two ways a name search reaches its newest matches (id walk / GIN index, militancia.selectors)
give the same page; a walk cancelled by its time limit falls back to the index; nothing leaks."""

import pytest
from django.db import OperationalError, connection

from militancia import selectors
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(medellin, bogota):
    for n in range(12):
        MemberFactory(first_names="María José" if n % 3 else "Ana", last_names="García Pérez", territory=medellin)
    MemberFactory.create_batch(3, first_names="María", last_names="Gómez", territory=bogota)


def _ids(page):
    return [m.pk for m in page.object_list]


@pytest.mark.parametrize("q", ["maria", "jose garcia", "MARÍA gar", "nadie"])
def test_walk_and_index_find_the_same_newest_matches(monkeypatch, alice, bob, registry, q):
    for user in (alice, bob):
        monkeypatch.setattr(selectors, "FEW_MATCHES", -1)  # the walk
        walked = selectors.member_page(user=user, filters={"q": q})
        monkeypatch.setattr(selectors, "FEW_MATCHES", 10**9)  # the index
        indexed = selectors.member_page(user=user, filters={"q": q})
        assert _ids(walked) == _ids(indexed)
        assert _ids(walked) == sorted(_ids(walked), reverse=True)
    assert len(selectors.member_page(user=alice, filters={"q": "maria"}).object_list) == 11
    assert len(selectors.member_page(user=bob, filters={"q": "maria"}).object_list) == 8


def test_a_walk_cancelled_by_its_time_limit_takes_the_index(monkeypatch, alice, registry):
    class Canceled(Exception):
        pgcode = selectors.QUERY_CANCELED

    real = selectors.keyset_page
    calls = []

    def keyset_page(queryset, **kwargs):
        calls.append(kwargs.get("sort_matches", False))
        if not kwargs.get("sort_matches"):
            raise OperationalError("canceling statement due to statement timeout") from Canceled()
        return real(queryset, **kwargs)

    monkeypatch.setattr(selectors, "FEW_MATCHES", -1)
    monkeypatch.setattr(selectors, "keyset_page", keyset_page)
    page = selectors.member_page(user=alice, filters={"q": "maria"})
    assert calls == [False, True]
    assert len(page.object_list) == 11


def test_other_database_errors_are_not_swallowed(monkeypatch, alice, registry):
    def keyset_page(queryset, **kwargs):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(selectors, "FEW_MATCHES", -1)
    monkeypatch.setattr(selectors, "keyset_page", keyset_page)
    with pytest.raises(OperationalError):
        selectors.member_page(user=alice, filters={"q": "maria"})


def test_the_time_limit_and_memory_of_a_search_do_not_outlive_it(monkeypatch, alice, registry):
    def show(name):
        with connection.cursor() as cursor:
            cursor.execute(f"SHOW {name}")
            return cursor.fetchone()[0]

    before = show("statement_timeout"), show("work_mem")
    for few in (-1, 10**9):
        monkeypatch.setattr(selectors, "FEW_MATCHES", few)
        selectors.member_page(user=alice, filters={"q": "maria"})
        assert (show("statement_timeout"), show("work_mem")) == before


def test_the_list_page_searching_a_name_stays_within_its_query_budget(
    login_as, alice, registry, django_assert_max_num_queries
):
    client = login_as(alice)
    url = client.post("/militantes/", {"q": "maria garcia"})["Location"]
    client.get(url)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("García Pérez") >= 8
