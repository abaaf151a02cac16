"""Issue 11, case 12: a pre-filled <input type=date> holds an ISO date (2026-12-06), or the browser
discards it and the field looks empty. Every page of the route walk is opened by a role that may
use it, with real objects (tests/route_objects.py), and every date, month and datetime input that
carries a value must carry it in the form the browser reads."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.route_table import ROUTES
from tests.test_route_permissions import world  # noqa: F401  (the module's objects and clients)

# What a browser accepts in each input's value (HTML Living Standard, "valid ... string").
BROWSER_FORMS = {
    "date": re.compile(r"\d{4}-\d\d-\d\d"),
    "month": re.compile(r"\d{4}-\d\d"),
    "time": re.compile(r"\d\d:\d\d(:\d\d(\.\d+)?)?"),
    "datetime-local": re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?"),
}


class _DateInputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str, str]] = []  # (type, name, value)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        kind = (attributes.get("type") or "").lower()
        if tag == "input" and kind in BROWSER_FORMS and attributes.get("value"):
            self.found.append((kind, attributes.get("name") or "", attributes["value"]))

    handle_startendtag = handle_starttag


def _pages() -> list[str]:
    """Routes a role opens with GET and gets a page (not the API, not POST-only routes)."""
    return [
        name
        for name, entry in ROUTES.items()
        if not entry.post and entry.access.roles and entry.access.ok == 200 and not name.startswith("api:")
    ]


@pytest.mark.django_db
def test_every_prefilled_date_input_holds_a_date_the_browser_reads(world):  # noqa: F811
    objects, clients = world
    unreadable, prefilled = [], []
    for name in _pages():
        entry = ROUTES[name]
        role = sorted(entry.access.roles, key=lambda r: r.value)[0]
        url = reverse(name, kwargs=entry.url_kwargs(objects))
        response = clients[role].get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue  # a download: no input to read
        parser = _DateInputs()
        parser.feed(response.content.decode())
        prefilled += [url for _found in parser.found]
        unreadable += [(url, *found) for found in parser.found if not BROWSER_FORMS[found[0]].fullmatch(found[2])]
    assert unreadable == []
    # The walk reaches the forms the issue names ("Recibida el", "Entregada el", "Empieza el"...).
    assert len(set(prefilled)) >= 10
