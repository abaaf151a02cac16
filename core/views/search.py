"""Searches that keep what was typed out of the address (ID numbers never travel in URLs).

A list's filter form posts. `search_redirect` stores the posted filters in the session under a
random token and redirects (303) to `?s=<token>`; `search_data` reads them back, so the result
pages, their pagination, sorting and export links carry only the token. Browser history, proxy
and server logs and the Referer header then never see a document number or a name.

Filters that are not personal (territory code, status, dates) may still come in the address, so
dashboard links such as `?status=activo&territory=05` keep working; the private fields
(`q`, the box where a document number or a name is typed) are never read from the address.
A token is only good for the list and the session that made it: on another list, after logging
in again, or once it has been pushed out by newer searches, the list starts unfiltered and says so.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect, QueryDict
from django.utils.translation import gettext as _

TOKEN_PARAM = "s"
SESSION_KEY = "private_searches"
# Searches kept per session: enough for a few tabs and the back button, bounded in size.
MAX_SEARCHES = 20
PRIVATE_FIELDS = ("q",)
NOT_STORED = ("csrfmiddlewaretoken",)


def search_redirect(request, *, list_name: str, keep: Iterable[str] = ()) -> HttpResponseRedirect:
    """Store the POSTed filters and answer with a redirect to the same page at `?s=<token>`.

    `keep`: parameters that are not personal and belong in the address (a sort order), moved
    from the posted data to the URL.
    """
    keep = tuple(keep)
    data = {key: values for key, values in request.POST.lists() if key not in NOT_STORED and key not in keep}
    token = secrets.token_urlsafe(12)
    searches = dict(request.session.get(SESSION_KEY, {}))
    searches[token] = {"list": list_name, "data": data}
    for stale in list(searches)[:-MAX_SEARCHES]:
        del searches[stale]
    request.session[SESSION_KEY] = searches
    params = {TOKEN_PARAM: token}
    params.update({name: request.POST[name] for name in keep if request.POST.get(name)})
    return HttpResponseRedirect(f"{request.path}?{urlencode(params)}", status=303)


def search_data(request, *, list_name: str, private: Iterable[str] = PRIVATE_FIELDS) -> QueryDict:
    """The list's filters: the stored search named by `?s=`, else the address minus the private fields."""
    data = QueryDict(mutable=True)
    token = request.GET.get(TOKEN_PARAM)
    if token:
        stored = request.session.get(SESSION_KEY, {}).get(token)
        if stored and stored.get("list") == list_name:
            for key, values in stored["data"].items():
                data.setlist(key, values)
        else:
            messages.info(request, _("That search is no longer available: search again."))
        return data
    private = tuple(private)
    for key, values in request.GET.lists():
        if key in private:
            if any(value.strip() for value in values):
                messages.info(request, _("Searches are typed in the form, never taken from the address."))
            continue
        data.setlist(key, values)
    return data


def search_token(request) -> str:
    """The current page's search token ("" without one), for links that must keep the search."""
    return request.GET.get(TOKEN_PARAM, "")
