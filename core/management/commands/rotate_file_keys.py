"""Re-encrypt every file of the encrypted fields with the newest key of FILE_ENCRYPTION_KEYS.

Files stored before their field was encrypted are encrypted now. Run it after putting a new key
first in FILE_ENCRYPTION_KEYS; once it reports no failures, the old key can be removed (README).
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand

from core.crypto import InvalidToken, encrypt, rotate
from core.files import registered_files

# Every Fernet token starts with its version byte 0x80, base64 "gAAAAA".
FERNET_PREFIX = b"gAAAAA"


class Command(BaseCommand):
    help = "Re-encrypt the files of encrypted fields with the first key of FILE_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        rotated = encrypted = failed = 0
        for entry in registered_files():
            if not entry.encrypted:
                continue
            objects = entry.model._default_manager.exclude(**{entry.field: ""}).exclude(
                **{f"{entry.field}__isnull": True}
            )
            for obj in objects.iterator(chunk_size=500):
                file = getattr(obj, entry.field)
                try:
                    with file.storage.open(file.name, "rb") as handle:
                        data = handle.read()
                except FileNotFoundError:
                    failed += 1
                    self.stderr.write(f"{entry.model._meta.label} #{obj.pk} {entry.field}: missing file {file.name}")
                    continue
                if data.startswith(FERNET_PREFIX):
                    try:
                        token = rotate(data)
                    except InvalidToken:
                        failed += 1
                        self.stderr.write(f"{entry.model._meta.label} #{obj.pk} {entry.field}: no key opens it")
                        continue
                    rotated += 1
                else:
                    token = encrypt(data)
                    encrypted += 1
                self._replace(entry, obj, file, token)
        self.stdout.write(f"rotated={rotated} encrypted_now={encrypted} failed={failed}")
        if failed:
            raise SystemExit(1)

    @staticmethod
    def _replace(entry, obj, file, token: bytes) -> None:
        storage, name = file.storage, file.name
        storage.delete(name)
        saved = storage.save(name, ContentFile(token))
        if saved != name:  # the storage chose another name: point the row at it
            entry.model._default_manager.filter(pk=obj.pk).update(**{entry.field: saved})
