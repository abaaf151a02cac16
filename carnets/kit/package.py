"""The drive package file: a signed payload, encrypted with the team lead's passphrase.

    MILKIT1\n
    {"kdf": "scrypt", "n": 32768, "r": 8, "p": 1, "salt": "…", "nonce": "…"}\n
    AES-256-GCM( Ed25519-signature (64 bytes) || gzip(JSON payload) )

The server signs with DRIVE_KIT_SIGNING_KEY (Ed25519, base64 of its 32 raw bytes); the kit checks
with DRIVE_KIT_VERIFY_KEY (the public half), so a package re-encrypted by someone who knows the
passphrase is still refused. The passphrase key comes from scrypt (n=2^15): seconds of work per
guess for whoever steals the file. A wrong passphrase and a damaged file both fail the AES-GCM tag;
the header is bound to the ciphertext as associated data.
"""

from __future__ import annotations

import base64
import gzip
import json
import os

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

MAGIC = b"MILKIT1\n"
FORMAT_VERSION = 1
SCRYPT_N = 2**15
MIN_PASSPHRASE = 12


class PackageError(Exception):
    """The package cannot be used; the message (Spanish) says why."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def signing_key() -> Ed25519PrivateKey:
    raw = settings.DRIVE_KIT_SIGNING_KEY
    if not raw:
        raise ImproperlyConfigured("DRIVE_KIT_SIGNING_KEY is not set (see README, Drive kit).")
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(raw))


def verify_key() -> Ed25519PublicKey:
    raw = settings.DRIVE_KIT_VERIFY_KEY
    if raw:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(raw))
    if settings.DRIVE_KIT_SIGNING_KEY:
        return signing_key().public_key()
    raise ImproperlyConfigured("DRIVE_KIT_VERIFY_KEY is not set (see README, Drive kit).")


def sign_payload(payload: dict) -> bytes:
    """The signed, compressed payload (signature first): what the server keeps and hands out."""
    body = gzip.compress(json.dumps(payload, separators=(",", ":"), default=str).encode(), compresslevel=6)
    return signing_key().sign(body) + body


def _kdf(passphrase: str, salt: bytes, n: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=8, p=1).derive(passphrase.encode())


def encrypt_package(signed: bytes, *, passphrase: str) -> bytes:
    """The file handed to the team lead: `signed` encrypted with the passphrase."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise PackageError(_("The passphrase must have at least %(n)s characters.") % {"n": MIN_PASSPHRASE})
    salt, nonce = os.urandom(16), os.urandom(12)
    header = json.dumps(
        {"v": FORMAT_VERSION, "kdf": "scrypt", "n": SCRYPT_N, "r": 8, "p": 1, "salt": _b64(salt), "nonce": _b64(nonce)}
    ).encode()
    ciphertext = AESGCM(_kdf(passphrase, salt, SCRYPT_N)).encrypt(nonce, signed, MAGIC + header)
    return MAGIC + header + b"\n" + ciphertext


def open_package(data: bytes, *, passphrase: str) -> dict:
    """The payload of a package file, after checking passphrase and signature; PackageError otherwise."""
    if not data.startswith(MAGIC) or b"\n" not in data[len(MAGIC) :]:
        raise PackageError(_("This file is not a drive package."))
    header, ciphertext = data[len(MAGIC) :].split(b"\n", 1)
    try:
        fields = json.loads(header)
        salt, nonce, n = base64.b64decode(fields["salt"]), base64.b64decode(fields["nonce"]), int(fields["n"])
    except (ValueError, KeyError, TypeError) as exc:
        raise PackageError(_("This file is not a drive package.")) from exc
    if fields.get("v") != FORMAT_VERSION or n != SCRYPT_N:
        raise PackageError(_("This drive package has a format this version cannot read."))
    try:
        signed = AESGCM(_kdf(passphrase, salt, n)).decrypt(nonce, ciphertext, MAGIC + header)
    except InvalidTag as exc:
        raise PackageError(
            _("Wrong passphrase, or the file was damaged. Check the passphrase the team lead received.")
        ) from exc
    signature, body = signed[:64], signed[64:]
    try:
        verify_key().verify(signature, body)
    except InvalidSignature as exc:
        raise PackageError(
            _("The package's signature is not valid: it was altered or not issued by headquarters.")
        ) from exc
    return json.loads(gzip.decompress(body))
