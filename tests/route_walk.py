"""The route walk's machinery: every named URL pattern, the actors, and what each must answer.

tests/route_table.py says, for every route, which real object its URL takes and who may use it;
tests/test_route_permissions.py requests each route as each actor and compares.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from core.roles import Role
from core.tests.permissions import ANONYMOUS, LOGIN, NO_ROLE, OUT_OF_SCOPE

ADMIN_LOGIN = "admin login"  # expected: a redirect to the Django admin's login page
ACTORS: list = [ANONYMOUS, NO_ROLE, *Role, OUT_OF_SCOPE]
REFUSED = frozenset({LOGIN, 401, 403, 404, 405})  # any of these: nothing served, nothing done


def walk_patterns(resolver: URLResolver | None = None, namespace: tuple[str, ...] = (), prefix: str = "") -> Iterator:
    """(name or None, route text) of every URL pattern, namespaces joined the way reverse() takes them."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from walk_patterns(pattern, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespace, pattern.name)) if pattern.name else None
            yield name, prefix + str(pattern.pattern)


def route_arguments(route: str) -> list[str]:
    """The named arguments of a route text, path converters and regex groups alike (no `format`)."""
    return [arg for arg in re.findall(r"<(?:\w+:)?(\w+)>", route) if arg != "format"]


def route_names() -> set[str]:
    return {name for name, _route in walk_patterns() if name}


@dataclass(frozen=True)
class Lit:
    """A literal URL argument (not an object's key)."""

    value: str


@dataclass(frozen=True)
class Access:
    """Who may use a route, and what everyone else gets.

    `roles` get `ok`; every other role and a user with no role get `denied`; anonymous gets
    `anonymous`. The regional coordinator is scoped to Antioquia, where every object lives; the
    outsider (a coordinator of Cundinamarca) gets 404 on a `territorial` route the coordinator may
    use, and what the coordinator gets on any other.
    """

    roles: frozenset = frozenset()
    ok: int | str = 200
    territorial: bool = False
    anonymous: int | str = LOGIN
    denied: int = 403
    no_role: int | str | None = None  # what a user with no role gets, when not `denied`
    public: bool = False  # no login: every actor gets `ok`
    overrides: Mapping = field(default_factory=dict)  # {actor: answer} where the rule above does not fit

    def expected(self, actor) -> int | str:
        if actor in self.overrides:
            return self.overrides[actor]
        if self.public:
            return self.ok
        if actor == ANONYMOUS:
            return self.anonymous
        if actor == NO_ROLE:
            return self.denied if self.no_role is None else self.no_role
        if actor == OUT_OF_SCOPE:
            if Role.REGIONAL_COORDINATOR not in self.roles:
                return self.denied
            return 404 if self.territorial else self.ok
        return self.ok if actor in self.roles else self.denied


def page(*roles: Role, **options) -> Access:
    """A page the roles may use: anonymous goes to the login page, everyone else gets 403."""
    return Access(roles=frozenset(roles), **options)


def api(*roles: Role, **options) -> Access:
    """An API operation the roles may use: anonymous gets 401."""
    return Access(roles=frozenset(roles), anonymous=401, **options)


def public(ok: int = 200, **options) -> Access:
    """No login: everyone gets `ok`."""
    return Access(ok=ok, public=True, **options)


@dataclass(frozen=True)
class R:
    """One route: its access, its URL arguments (object keys or Lit), and how it is requested.

    A POST-only route (`post=True`) is requested with GET by the roles that may use it (405) and
    with an empty POST by everyone else, who must be refused (403/404), never served. On any other
    route, whoever is refused a GET is also refused an empty POST (any of REFUSED).
    """

    access: Access
    kwargs: Mapping[str, str | Lit] = field(default_factory=dict)
    post: bool = False

    def url_kwargs(self, objects) -> dict:
        return {k: v.value if isinstance(v, Lit) else objects[v] for k, v in self.kwargs.items()}

    def requests(self) -> Iterator[tuple[object, str, int | str]]:
        """(actor, method, expected answer) for every actor."""
        for actor in ACTORS:
            expected = self.access.expected(actor)
            if not self.post:
                yield actor, "get", expected
                if expected in REFUSED and not self.access.public:
                    yield actor, "post", REFUSED  # refused on GET: a POST must not get through either
            elif expected == self.access.ok and actor != ANONYMOUS:
                yield actor, "get", 405
            else:
                yield actor, "post", expected


def route(access: Access, post: bool = False, **kwargs: str | Lit) -> R:
    return R(access=access, kwargs=kwargs, post=post)
