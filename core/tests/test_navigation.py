"""Every link the sidebar and the home counters show a user opens for that user (no 403)."""

from html.parser import HTMLParser

import pytest

from core.roles import Role
from core.tests.factories import login, make_user, territory

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    """Collects the hrefs of the sidebar (nav#sidebar) and of the home widgets (a.stretched-link)."""

    def __init__(self):
        super().__init__()
        self.in_sidebar = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("id") == "sidebar":
            self.in_sidebar = 1
        elif tag == "nav" and self.in_sidebar:
            self.in_sidebar += 1
        linked = tag == "a" and attrs.get("href", "").startswith("/")
        if linked and (self.in_sidebar or "stretched-link" in (attrs.get("class") or "")):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self.in_sidebar:
            self.in_sidebar -= 1


def _home_links(client) -> list[str]:
    parser = _Links()
    parser.feed(client.get("/").content.decode())
    return sorted(set(parser.links))


@pytest.mark.parametrize("role", list(Role), ids=[r.name.lower() for r in Role])
def test_every_link_on_the_home_page_opens_for_its_role(client, territories, role):
    scope = [territory("05")] if role == Role.REGIONAL_COORDINATOR else []
    login(client, make_user(f"nav-{role.name.lower()}", role, territories=scope))
    links = _home_links(client)
    statuses = {url: client.get(url).status_code for url in links}
    assert [url for url, status in statuses.items() if status != 200] == []


def test_the_home_page_links_are_found(client, alice):
    login(client, alice)
    assert "/auditoria/" in _home_links(client)


def test_the_users_admin_entry_is_shown_to_staff_administrators(client, alice):
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    login(client, alice)
    assert client.get("/admin/core/user/").status_code == 200
    assert "/admin/core/user/" in _home_links(client)


def test_the_users_admin_entry_is_hidden_from_administrators_without_admin_access(client, alice):
    login(client, alice)
    assert "/admin/core/user/" not in _home_links(client)
