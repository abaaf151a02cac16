"""The one naming scheme of the API: /api/v1/<app>/<resource>/, route names api:<app>-<resource>-list/-detail.

`<app>` is the Django app label with hyphens ("party_bodies" → "party-bodies"); `<resource>` is the plural,
hyphenated noun of what the route serves. Every app's `api.register(router)` goes through `register_route`
so a new route cannot drift from the scheme.
"""

import re

ROUTE_PREFIX = re.compile(r"^[a-z]+(-[a-z]+)*/[a-z]+(-[a-z]+)*$")


def route_prefix(*, app: str, resource: str) -> str:
    """ "party_bodies", "office-terms" → "party-bodies/office-terms"."""
    prefix = f"{app.replace('_', '-')}/{resource}"
    if not ROUTE_PREFIX.match(prefix):
        raise ValueError(f"API route {prefix!r} does not follow <app>/<resource> in lower-case hyphenated words.")
    return prefix


def route_name(*, app: str, resource: str) -> str:
    """The router basename (and the stem of every route name) of <app>/<resource>: "party-bodies-office-terms"."""
    return route_prefix(app=app, resource=resource).replace("/", "-")


def register_route(router, *, app: str, resource: str, viewset) -> None:
    router.register(route_prefix(app=app, resource=resource), viewset, basename=route_name(app=app, resource=resource))
