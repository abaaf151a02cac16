"""Signatures, fingerprints and consent scans are encrypted at rest; the download view hands back
the original bytes; `rotate_file_keys` moves them to a new key."""

import io
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command

from core.crypto import read_decrypted
from core.tests.files import PDF, body, jpeg_bytes, png_bytes
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

SIGNATURE = png_bytes()
FINGERPRINT = jpeg_bytes(color=(10, 10, 10))
MAGIC = {"signature": b"\x89PNG", "fingerprint": b"\xff\xd8\xff", "consent_file": b"%PDF"}
CONTENT = {"signature": SIGNATURE, "fingerprint": FINGERPRINT, "consent_file": PDF}


@pytest.fixture
def member(medellin):
    member = MemberFactory(territory=medellin)
    member.consent_file.save("autorizacion.pdf", ContentFile(PDF), save=False)
    member.signature.save("firma.png", ContentFile(SIGNATURE), save=False)
    member.fingerprint.save("huella.jpg", ContentFile(FINGERPRINT), save=False)
    member.save()
    return member


def stored_bytes(member, field) -> bytes:
    file = getattr(member, field)
    with file.storage.open(file.name, "rb") as handle:
        return handle.read()


@pytest.mark.parametrize("field", sorted(MAGIC))
def test_the_stored_file_has_no_image_or_pdf_magic(member, field):
    assert not stored_bytes(member, field).startswith(MAGIC[field])


@pytest.mark.parametrize("field", sorted(MAGIC))
def test_the_stored_file_does_not_contain_the_original(member, field):
    assert CONTENT[field][:64] not in stored_bytes(member, field)


@pytest.mark.parametrize("field", sorted(MAGIC))
def test_the_download_view_returns_the_original_bytes(login_as, bob, member, field):
    response = login_as(bob).get(getattr(member, field).url)
    assert (response.status_code, body(response)) == (200, CONTENT[field])


def test_the_photo_is_not_encrypted(medellin):
    member = MemberFactory(territory=medellin)
    member.photo.save("foto.jpg", ContentFile(jpeg_bytes()), save=True)
    assert stored_bytes(member, "photo").startswith(b"\xff\xd8\xff")


def test_rotation_reencrypts_with_the_new_key(member, settings):
    old = settings.FILE_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.FILE_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_file_keys", stdout=None)
    settings.FILE_ENCRYPTION_KEYS = [new]
    assert read_decrypted(member.signature) == SIGNATURE


def test_rotation_encrypts_files_stored_in_the_clear(member):
    file = member.fingerprint
    file.storage.delete(file.name)
    file.storage.save(file.name, ContentFile(FINGERPRINT))
    call_command("rotate_file_keys")
    assert not stored_bytes(member, "fingerprint").startswith(MAGIC["fingerprint"])


def test_a_file_stored_before_encryption_is_still_served_until_rotated(tmp_path):
    """An upgraded installation: plain bytes on disk are read as they are."""
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("firma.png", io.BytesIO(b"\x89PNG\r\n\x1a\n firma"))

    assert read_decrypted(SimpleNamespace(storage=storage, name=name)) == b"\x89PNG\r\n\x1a\n firma"
