"""Uploaded files are never public: each file field is registered here and served by one view.

An app registers every FileField/ImageField of its models in its `apps.py` `ready()`:

    register_protected_file(Member, "photo", roles=MEMBER_READERS, personal=True)

From then on `member.photo.url` (templates, forms, admin, serializers) is the address of
`core.views.files.protected_file`, which finds the object through the model's
`visible_to(user)` (404 out of scope), checks the roles (403), audits downloads of personal
files and streams the file, or hands it to nginx/Apache (setting `PROTECTED_FILES_SERVER`).
The storage itself has no public URL (`core.storage.PrivateFileSystemStorage`), so a field
nobody registered fails loudly instead of linking to /media/. Core never imports the apps:
they register into it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.urls import reverse

from core.crypto import encrypt


@dataclass(frozen=True)
class ProtectedFile:
    """How one file field is authorized and served."""

    model: type[models.Model]
    field: str
    roles: tuple
    personal: bool
    queryset: Callable
    filename: Callable | None
    encrypted: bool = False

    def objects_for(self, user):
        return self.queryset(user)

    def download_name(self, obj) -> str:
        if self.filename is not None:
            name = self.filename(obj)
            if name:
                return name
        return getattr(obj, self.field).name.rsplit("/", 1)[-1]


_registry: dict[tuple[str, str, str], ProtectedFile] = {}
_protected_classes: dict[type, type] = {}


class ProtectedUrlMixin:
    """`url` is the protected view's address: the object's key and the field, no personal data."""

    @property
    def url(self) -> str:
        self._require_file()
        if self.instance.pk is None:
            return ""
        return protected_file_url(self.instance, self.field.name)


# Named at module level so that model instances holding them can be pickled (cache, sessions).
class ProtectedFieldFile(ProtectedUrlMixin, FieldFile):
    pass


class ProtectedImageFieldFile(ProtectedUrlMixin, ImageFieldFile):
    pass


class EncryptedMixin:
    """Saved encrypted (core.crypto): the storage only ever holds the ciphertext.

    Reading `field_file.open()` gives the ciphertext too; the original bytes come only from
    core.crypto.read_decrypted, used by the download view and the PDF renderers.
    """

    encrypted = True

    def save(self, name, content, save=True):
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        super().save(name, ContentFile(encrypt(data)), save)


class EncryptedFieldFile(EncryptedMixin, ProtectedFieldFile):
    pass


class EncryptedImageFieldFile(EncryptedMixin, ProtectedImageFieldFile):
    pass


_protected_classes[FieldFile] = ProtectedFieldFile
_protected_classes[ImageFieldFile] = ProtectedImageFieldFile
_encrypted_classes = {ProtectedFieldFile: EncryptedFieldFile, ProtectedImageFieldFile: EncryptedImageFieldFile}


def _protected_class(base: type, *, encrypted: bool = False) -> type:
    if not issubclass(base, ProtectedUrlMixin):
        if base not in _protected_classes:
            raise ImproperlyConfigured(f"No protected counterpart of {base.__name__}: add one in core.files.")
        base = _protected_classes[base]
    if encrypted and not issubclass(base, EncryptedMixin):
        base = _encrypted_classes[base]
    return base


def _visible_to(model):
    def queryset(user):
        return model._default_manager.visible_to(user)

    return queryset


def register_protected_file(
    model: type[models.Model],
    field: str,
    *,
    roles: Iterable,
    personal: bool = False,
    queryset: Callable | None = None,
    filename: Callable | None = None,
    encrypted: bool = False,
) -> ProtectedFile:
    """Declare who may read `model.field`.

    `roles`: the roles that may download it (others get 403). `queryset(user)`: the objects the
    user may reach (default `Model.objects.visible_to(user)`; out of it is a 404). `personal`:
    each download is written to the audit log. `filename(obj)`: the name offered on download.
    `encrypted`: stored encrypted with the keys of FILE_ENCRYPTION_KEYS (core.crypto); for
    signatures, fingerprints and consent scans.
    """
    model_field = model._meta.get_field(field)
    if not isinstance(model_field, models.FileField):
        raise ImproperlyConfigured(f"{model._meta.label}.{field} is not a file field.")
    roles = tuple(roles)
    if not roles:
        raise ImproperlyConfigured(f"{model._meta.label}.{field}: name the roles that may read it.")
    if queryset is None:
        if not hasattr(model._default_manager, "visible_to"):
            raise ImproperlyConfigured(f"{model._meta.label} has no visible_to(user): pass queryset=.")
        queryset = _visible_to(model)
    entry = ProtectedFile(
        model=model,
        field=field,
        roles=roles,
        personal=personal,
        queryset=queryset,
        filename=filename,
        encrypted=encrypted,
    )
    _registry[(model._meta.app_label, model._meta.model_name, field)] = entry
    # The field instance (not the class) gets the protected FieldFile, so every `.url` follows.
    model_field.attr_class = _protected_class(model_field.attr_class, encrypted=encrypted)
    return entry


def protected_file(app_label: str, model_name: str, field: str) -> ProtectedFile | None:
    return _registry.get((app_label, model_name, field))


def protected_file_url(obj: models.Model, field: str) -> str:
    meta = obj._meta
    if (meta.app_label, meta.model_name, field) not in _registry:
        raise ImproperlyConfigured(f"{meta.label}.{field} is not registered with register_protected_file().")
    return reverse("core:protected-file", args=[meta.app_label, meta.model_name, obj.pk, field])


def registered_files() -> list[ProtectedFile]:
    return list(_registry.values())


def unregistered_file_fields() -> list[str]:
    """Every concrete file field of an installed model that nobody registered ("app.Model.field")."""
    from django.apps import apps

    missing = []
    for model in apps.get_models():
        meta = model._meta
        if meta.abstract or meta.proxy:
            continue
        for field in meta.concrete_fields:
            if isinstance(field, models.FileField) and (meta.app_label, meta.model_name, field.name) not in _registry:
                missing.append(f"{meta.label}.{field.name}")
    return missing
