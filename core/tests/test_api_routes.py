"""Every API route follows /api/v1/<app>/<resource>/ and is named api:<app>-<resource>-…."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import get_resolver

from core.api.routes import route_name, route_prefix

APPS = {
    config.label.replace("_", "-")
    for config in apps.get_app_configs()
    if config.path.startswith(str(settings.BASE_DIR))
}
META_PATHS = {"/api/v1/", "/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/"}
WORD = r"[a-z]+(?:-[a-z]+)*"
API_PATH = re.compile(rf"^/api/v1/(?P<app>{WORD})/(?P<resource>{WORD})/")


def _schema_paths(client) -> list[str]:
    return list(client.get("/api/v1/schema/", {"format": "json"}).json()["paths"])


def test_it_puts_every_schema_path_under_an_app_and_a_resource(login_as, alice):
    wrong = [p for p in _schema_paths(login_as(alice)) if p not in META_PATHS and not API_PATH.match(p)]
    assert wrong == []


def test_it_puts_every_schema_path_under_a_project_app(login_as, alice):
    strangers = {API_PATH.match(p)["app"] for p in _schema_paths(login_as(alice)) if API_PATH.match(p)} - APPS
    assert strangers == set()


def test_it_names_every_api_route_after_its_app_and_resource():
    api = get_resolver().namespace_dict["api"][1]
    misnamed = []
    for name, matches in api.reverse_dict.items():
        if not isinstance(name, str) or name in {"api-root", "schema", "docs", "redoc"}:
            continue
        path = "/api/v1/" + matches[0][0][0].replace("%(pk)s", "1").split("/%(format)s")[0]
        found = API_PATH.match(path)
        assert found, path
        stem = f"{found['app']}-{found['resource']}"
        if name != stem and not name.startswith(f"{stem}-"):
            misnamed.append((name, path))
    assert misnamed == []


def test_it_hyphenates_the_app_label():
    assert route_prefix(app="party_bodies", resource="office-terms") == "party-bodies/office-terms"


def test_it_names_the_route_from_the_prefix():
    assert route_name(app="party_bodies", resource="office-terms") == "party-bodies-office-terms"


@pytest.mark.parametrize("resource", ["OfficeTerms", "office_terms", "terms/current", ""])
def test_it_refuses_a_resource_outside_the_scheme(resource):
    with pytest.raises(ValueError, match="does not follow"):
        route_prefix(app="party_bodies", resource=resource)
