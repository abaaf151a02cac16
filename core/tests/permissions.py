"""The permission matrix: which status code each kind of user gets on a page.

    assert_statuses(
        client,
        [reverse("members-list"), reverse("members-export")],
        {ANONYMOUS: LOGIN, NO_ROLE: 403, Role.READ_ONLY: 200, OUT_OF_SCOPE: 404, alice: 200},
    )

An actor is ANONYMOUS, NO_ROLE, OUT_OF_SCOPE (a regional coordinator of Cundinamarca: the
outsider for the Antioquia data the tests build), a Role (a user holding only that role; a
regional coordinator is scoped to Antioquia, every other role is national) or a User the test
built itself. Every URL is requested by every actor and one failure lists every mismatch, so a
broken matrix reads as a table rather than as the first wrong cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from core.models import User
from core.roles import Role
from core.tests.factories import login, make_user, territory

ANONYMOUS = "anonymous"
NO_ROLE = "no role"
OUT_OF_SCOPE = "out of scope"
LOGIN = "login"  # expected: a redirect to the login page
LOGIN_URL = "/cuenta/ingresar/"

Actor = str | Role | User
Expected = int | str


def actor_user(actor: Actor) -> User | None:
    """The user who acts as `actor` (None: anonymous). Users are reused across calls."""
    if isinstance(actor, User):
        return actor
    if isinstance(actor, Role):
        scope = [territory("05")] if actor == Role.REGIONAL_COORDINATOR else []
        return make_user(f"matrix-{actor.name.lower()}", actor, territories=scope)
    if actor == ANONYMOUS:
        return None
    if actor == NO_ROLE:
        return make_user("matrix-no-role")
    if actor == OUT_OF_SCOPE:
        return make_user("matrix-out-of-scope", Role.REGIONAL_COORDINATOR, territories=[territory("25")])
    raise ValueError(f"unknown actor {actor!r}")


def actor_label(actor: Actor) -> str:
    if isinstance(actor, User):
        return actor.username
    if isinstance(actor, Role):
        return actor.name.lower()
    return actor


def _answer(response) -> Expected:
    """The status code, or LOGIN for a redirect to the login page."""
    if response.status_code == 302 and response["Location"].startswith(LOGIN_URL):
        return LOGIN
    return response.status_code


def assert_statuses(
    client,
    urls: str | Iterable[str],
    expected: Mapping[Actor, Expected],
    *,
    method: str = "get",
    data: dict[str, Any] | None = None,
) -> None:
    """Request each URL as each actor; fail once, listing every (actor, URL) that answered otherwise."""
    urls = [urls] if isinstance(urls, str) else list(urls)
    mismatches = []
    for actor, want in expected.items():
        user = actor_user(actor)
        client.logout()
        if user is not None:
            login(client, user)
        for url in urls:
            got = _answer(getattr(client, method)(url, data or {}))
            if got != want:
                mismatches.append(f"  {actor_label(actor)}: {method.upper()} {url} answered {got}, expected {want}")
    client.logout()
    assert not mismatches, "permission matrix mismatches:\n" + "\n".join(mismatches)
