"""The route walk: every URL pattern of the product, pages and API, requested with real objects by
anonymous, a user with no role, each role and a coordinator of another department, answers what the
table in tests/route_table.py promises. A route without an entry in the table fails the walk.

The objects (tests/route_objects.py, all in Antioquia) and one logged-in client per actor are built
once per module inside a transaction rolled back at the end; each route's test runs in its own
savepoint, so a POST that gets through changes nothing for the next route.
"""

from __future__ import annotations

from types import ModuleType

import pytest
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import path, reverse

from core.tests.factories import login
from core.tests.permissions import _answer, actor_label, actor_user
from tests.route_objects import build_objects
from tests.route_table import (
    ADMIN_ARGUMENTS,
    ADMIN_EXCEPTIONS,
    KNOWN_HOLES,
    ROUTES,
    THIRD_PARTY_NAMESPACES,
    UNNAMED_ROUTES,
)
from tests.route_walk import ACTORS, ADMIN_LOGIN, route_arguments, route_names, walk_patterns

ADMIN_LOGIN_URL = "/admin/login/"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """(objects, {actor: logged-in client}), built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        objects = build_objects()
        clients = {}
        for actor in ACTORS:
            clients[actor] = Client()
            user = actor_user(actor)
            if user is not None:
                login(clients[actor], user)
        yield objects, clients
        transaction.set_rollback(True)


def _answer_of(response):
    got = _answer(response)
    if got == 302 and response["Location"].startswith(ADMIN_LOGIN_URL):
        return ADMIN_LOGIN
    return got


def _walked() -> set[str]:
    return {name for name in route_names() if not name.startswith(("admin:", *THIRD_PARTY_NAMESPACES))}


def test_every_named_route_has_an_entry_in_the_table():
    assert sorted(_walked() - set(ROUTES)) == [], "routes without an entry in tests/route_table.py"


def test_a_new_route_without_an_entry_is_caught():
    from config import urls

    probe = ModuleType("probe_urls")  # config.urls plus one route nobody wrote into the table
    probe.urlpatterns = [*urls.urlpatterns, path("sonda/", urls.RedirectView.as_view(), name="probe")]
    with override_settings(ROOT_URLCONF=probe):
        assert _walked() - set(ROUTES) == {"probe"}


def test_every_entry_of_the_table_is_a_route():
    assert sorted(set(ROUTES) - _walked()) == [], "entries of tests/route_table.py that are no route"


def test_every_unnamed_route_is_known():
    unnamed = {route for name, route in walk_patterns() if name is None and not route.startswith("admin/")}
    assert unnamed == set(UNNAMED_ROUTES)


def _params():
    for name in ROUTES:
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_HOLES[name])] if name in KNOWN_HOLES else []
        yield pytest.param(name, id=name, marks=marks)


@pytest.mark.django_db
@pytest.mark.parametrize("name", _params())
def test_route_answers_each_actor_what_the_table_promises(world, name):
    objects, clients = world
    entry = ROUTES[name]
    url = reverse(name, kwargs=entry.url_kwargs(objects))
    mismatches = []
    for actor, method, expected in entry.requests():
        got = _answer_of(getattr(clients[actor], method)(url, {}))
        if got not in expected if isinstance(expected, frozenset) else got != expected:
            mismatches.append(f"  {actor_label(actor)}: {method.upper()} {url} answered {got}, expected {expected}")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.django_db
def test_the_django_admin_sends_every_actor_to_its_own_login(world):
    """None of the actors is staff: every admin route answers with the admin's login page."""
    _objects, clients = world
    admin_routes = sorted({(name, route) for name, route in walk_patterns() if name and name.startswith("admin:")})
    assert len(admin_routes) > 50
    mismatches = []
    for name, route in admin_routes:
        url = reverse(name, kwargs={arg: ADMIN_ARGUMENTS[arg] for arg in route_arguments(route)})
        for actor in ACTORS:
            expected = ADMIN_EXCEPTIONS.get(name, {}).get(actor, ADMIN_LOGIN)
            got = _answer_of(clients[actor].get(url))
            if got != expected:
                mismatches.append(f"  {actor_label(actor)}: GET {url} answered {got}, expected {expected}")
    assert not mismatches, "\n".join(mismatches)
