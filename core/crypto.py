"""Files encrypted at rest: signatures, fingerprints and consent scans (biometric and sensitive data).

Keys come from the environment, never from the database or the code: FILE_ENCRYPTION_KEYS is a
comma-separated list of Fernet keys (AES-128-CBC + HMAC-SHA256). The first key encrypts; every key
decrypts, so a new key is put first, `manage.py rotate_file_keys` re-encrypts the stored files with
it, and the old key is dropped afterwards (README, "Encryption keys"). `make run` makes a local key
in .data/ when none is set.

Only two kinds of callers decrypt: the authorized download view (core.views.files.file_response)
and the PDF renderers that embed a signature, both through `read_decrypted`.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken", "decrypt", "encrypt", "generate_key", "read_decrypted", "rotate"]


def generate_key() -> str:
    return Fernet.generate_key().decode()


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FILE_ENCRYPTION_KEYS is not set (see README, Encryption keys).")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FILE_ENCRYPTION_KEYS: each key must be a Fernet key (32 url-safe base64 bytes)."
        ) from exc


def _keys() -> MultiFernet:
    return _fernet(tuple(settings.FILE_ENCRYPTION_KEYS))


def encrypt(data: bytes) -> bytes:
    return _keys().encrypt(data)


def decrypt(token: bytes) -> bytes:
    """The original bytes; InvalidToken when no configured key opens them."""
    return _keys().decrypt(token)


def rotate(token: bytes) -> bytes:
    """The same content encrypted with the first (newest) key."""
    return _keys().rotate(token)


# Every Fernet token starts with its version byte 0x80, base64-encoded: "gAAAAA".
_TOKEN_PREFIX = b"gAAAAA"


def is_encrypted(data: bytes) -> bool:
    return data.startswith(_TOKEN_PREFIX)


def read_decrypted(field_file) -> bytes:
    """The original bytes of a stored file of an encrypted field (core.files, encrypted=True).

    A file stored before encryption was turned on (an upgraded installation) is read as it is
    until `manage.py rotate_file_keys` encrypts it: no image or PDF starts like a Fernet token."""
    with field_file.storage.open(field_file.name, "rb") as handle:
        data = handle.read()
    return decrypt(data) if is_encrypted(data) else data


@register(Tags.security, deploy=True)
def check_file_keys(app_configs=None, **kwargs):
    """`manage.py check --deploy` fails when biometric files could not be encrypted."""
    try:
        _keys()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="core.E101")]
    return []
