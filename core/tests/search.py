"""Search a list the way its user does: open the page, type into its filter form, press Search.

The filter forms post (core/views/search.py); the answer is a redirect to `?s=<token>`, followed
here, so a test reads the results page the browser would show and the URL it would keep.
"""

from __future__ import annotations

from core.tests.rendered import form_with


def search(client, url: str, *, query: dict | None = None, **typed):
    """GET `url` (with `query`, e.g. a sort order), fill its filter form with `typed`, post it and
    follow the redirect. Returns the final response (`response.redirect_chain` holds the URL)."""
    page = client.get(url, query or {})
    assert page.status_code == 200, page.status_code
    form = form_with(page.content.decode(), action=url.split("?")[0])
    return client.post(form.target(), form.data(**typed), follow=True)
