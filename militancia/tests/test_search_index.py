"""The name-search index's pending list: new names wait there, and are merged after an import."""

import pytest
from django.db import connection

from militancia.services.search_index import SEARCH_INDEX, search_index_merge
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _index_options() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [SEARCH_INDEX])
        return cursor.fetchone()[0]


def test_new_names_wait_in_the_pending_list_until_merged():
    assert "gin_pending_list_limit=32768" in _index_options()
    search_index_merge()
    MemberFactory.create_batch(20)
    assert search_index_merge() > 0  # the new names were waiting
    assert search_index_merge() == 0  # and are in the index now
