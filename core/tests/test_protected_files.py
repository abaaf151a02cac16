"""Uploaded files: every file field is registered, no page links to /media/, proxy modes."""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import Resolver404, resolve

from core.files import registered_files, unregistered_file_fields

ROOT = Path(__file__).resolve().parents[2]


def test_every_file_field_of_every_model_is_registered():
    assert unregistered_file_fields() == []


def test_every_registered_field_links_to_the_protected_view():
    for entry in registered_files():
        field = entry.model._meta.get_field(entry.field)
        instance = entry.model(pk=7)
        setattr(instance, entry.field, "private/x.pdf")
        url = getattr(instance, entry.field).url
        assert resolve(url).view_name == "core:protected-file", f"{entry.model._meta.label}.{field.name}"


def test_the_storage_has_no_public_url():
    with pytest.raises(ValueError, match="no public URL"):
        default_storage.url("members/photos/2026/01/a.jpg")


def test_media_is_not_routed(db):
    with pytest.raises(Resolver404):
        resolve("/media/members/photos/2026/01/a.jpg")


def test_no_template_links_to_media():
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and ("/media/" in path.read_text() or "MEDIA_URL" in path.read_text())
    ]
    assert offenders == []


def test_no_api_serializer_exposes_an_unregistered_file():
    from rest_framework import serializers

    from config.urls import router

    registered = {(e.model, e.field) for e in registered_files()}
    exposed = []
    for _prefix, viewset, _basename in router.registry:
        serializer_class = getattr(viewset, "serializer_class", None)
        if serializer_class is None or not hasattr(serializer_class, "Meta"):
            continue
        for name, field in serializer_class().fields.items():
            if isinstance(field, serializers.FileField):
                exposed.append((serializer_class.Meta.model, field.source or name))
    assert [item for item in exposed if item not in registered] == []


def test_anonymous_users_are_sent_to_log_in(db):
    response = Client().get("/archivos/militancia/member/1/photo/")
    assert response.status_code == 302


def test_an_unregistered_field_is_not_found(login_as, alice):
    response = login_as(alice).get("/archivos/militancia/member/1/first_names/")
    assert response.status_code == 404
