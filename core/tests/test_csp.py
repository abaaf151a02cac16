"""Content-Security-Policy and Permissions-Policy: the headers, and templates with nothing inline
that the policy would refuse (scripts, styles, event handlers, javascript: links)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]

# What the policy refuses in a page: scripts without src (json_script data blocks are allowed: never run),
# <style> blocks, style="" attributes, inline event handlers and javascript: URLs.
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I),
    "style block": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def _templates():
    apps = [ROOT / "templates"] + [ROOT / app / "templates" for app in settings.PROJECT_APPS]
    return [path for folder in apps if folder.exists() for path in folder.glob("**/*.html")]


def _offences(text: str) -> list[str]:
    return [name for name, pattern in INLINE.items() if pattern.search(text)]


def test_the_scan_sees_every_project_template():
    assert len(_templates()) > 100


@pytest.mark.parametrize("path", _templates(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_has_inline_script_or_style(path):
    assert _offences(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "sample",
    [
        "<script>alert(1)</script>",
        '<div style="width: 3%">',
        "<style>p{}</style>",
        '<a onclick="x()">',
        '<a href="javascript:x()">',
    ],
)
def test_the_scan_catches_what_the_policy_refuses(sample):
    assert _offences(sample) != []


def test_the_scan_lets_json_data_and_script_files_through():
    assert (
        _offences('<script id="d" type="application/json">{}</script><script src="/static/js/app.js"></script>') == []
    )


@pytest.mark.django_db
def test_a_page_carries_the_strict_policy(client):
    policy = client.get(reverse("core:login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert {
        name: directives[name]
        for name in (
            "default-src",
            "script-src",
            "style-src",
            "object-src",
            "base-uri",
            "form-action",
            "frame-ancestors",
        )
    } == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


@pytest.mark.django_db
def test_rendered_pages_have_no_inline_script_or_style(login_as, bob):
    client = login_as(bob)
    pages = [reverse("core:home"), reverse("militancia:member-list"), reverse("militancia:member-reports")]
    offences = {url: _offences(client.get(url).content.decode()) for url in pages}
    assert offences == {url: [] for url in pages}


@pytest.mark.django_db
def test_pages_deny_the_camera_microphone_and_location(client):
    policy = client.get(reverse("core:login"))["Permissions-Policy"]
    assert {"camera=()", "geolocation=()", "microphone=()"} <= set(policy.split(", "))
