"""The member registry's files: who may open them (see core.files), what becomes of a replaced
one, and which stored files no member points at any more (the sweep's list)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models.fields.files import FieldFile

from core.files import register_protected_file
from core.roles import Role
from militancia.dashboard import MEMBER_READERS
from militancia.personal_data import delete_files_and_copies, derived_orphans

# Same roles as the pages that link to each file.
# Signature and fingerprint are biometric: only those who register and edit members.
MEMBER_EDITORS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.CARDS)

# The files that leave storage when a new one replaces them (or the field is cleared), and the
# only ones the sweep deletes. Not `consent_file`: a replaced authorization file is the evidence
# of the authorization the member gave before (Ley 1581 de 2012 asks us to keep that proof), so
# it stays in storage; a suppression still deletes the one the record holds.
REPLACEABLE_FILES = ("photo", "signature", "fingerprint")


def register_files() -> None:
    from militancia.models import Member

    register_protected_file(Member, "photo", roles=MEMBER_READERS, personal=True)
    # Consent scans, signatures and fingerprints are sensitive (biometric) data: encrypted at rest.
    register_protected_file(Member, "consent_file", roles=MEMBER_READERS, personal=True, encrypted=True)
    register_protected_file(Member, "signature", roles=MEMBER_EDITORS, personal=True, encrypted=True)
    register_protected_file(Member, "fingerprint", roles=MEMBER_EDITORS, personal=True, encrypted=True)


def stored_member_file(field_name: str, name: str) -> FieldFile:
    """A stored file of the member field `field_name` by its storage name, detached from any row."""
    from militancia.models import Member

    return FieldFile(None, Member._meta.get_field(field_name), name)


def member_file_replaced(*, field_name: str, old_name: str) -> None:
    """The file a member's `field_name` held until this change (replaced or cleared) leaves storage,
    with the copies derived from it (carnets' card-sized photo), once the transaction commits: a
    rolled-back change keeps the file its row still points at. Replaced consent files are kept
    (REPLACEABLE_FILES)."""
    from militancia.models import Member

    if not old_name or field_name not in REPLACEABLE_FILES:
        return

    def delete() -> None:
        # Never a file a member still points at (the same name saved back).
        if not Member._base_manager.filter(**{field_name: old_name}).exists():
            delete_files_and_copies([stored_member_file(field_name, old_name)])

    # robust: the change is committed already; a file left behind is found by the sweep.
    transaction.on_commit(delete, robust=True)


@dataclass(frozen=True)
class OrphanedFiles:
    """Stored member files no member points at (by field), and derived copies whose source is gone."""

    stored: dict[str, list[str]] = field(default_factory=dict)
    copies: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(names) for names in self.stored.values()) + len(self.copies)


def member_file_folder(field_name: str) -> str:
    """The folder a member field uploads to, without its date part ("members/photos")."""
    from militancia.models import Member

    return Member._meta.get_field(field_name).upload_to.split("%", 1)[0].rstrip("/")


def orphaned_member_files(*, older_than: datetime) -> OrphanedFiles:
    """Files under the members' photo, signature and fingerprint folders that no member row points
    at, and derived copies (card-sized photos) whose photo is gone; only those last changed before
    `older_than`, since a file saved by a transaction that has not committed yet has no row yet.

    The names each field references are held in memory (about 100 bytes a file)."""
    from militancia.models import Member

    stored = {}
    for field_name in REPLACEABLE_FILES:
        storage = Member._meta.get_field(field_name).storage
        referenced = set(
            Member._base_manager.exclude(**{field_name: ""})
            .values_list(field_name, flat=True)
            .iterator(chunk_size=5000)
        )
        stored[field_name] = sorted(
            name
            for name in _names_under(storage, member_file_folder(field_name))
            if name not in referenced and storage.get_modified_time(name) < older_than
        )
    return OrphanedFiles(stored=stored, copies=sorted(derived_orphans(older_than=older_than)))


def _names_under(storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _names_under(storage, f"{folder}/{sub}")
