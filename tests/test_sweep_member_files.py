"""`manage.py sweep_member_files`: the photos, signatures and fingerprints no member points at, and
the card-sized copies of gone photos, are listed (--dry-run) or deleted and audited; what members
point at, replaced consent files and files too young to judge stay."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from carnets.photos import card_photo_copies
from carnets.tests.factories import jpeg_bytes, png_bytes
from core.models import AuditEvent
from core.tests.files import PDF
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

TWO_HOURS = 2 * 3600


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def age(path: str | Path, seconds: int = TWO_HOURS) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


@pytest.fixture
def files(medellin, media):
    """A member with a photo (and its card copy) whose earlier photo, signature and consent file
    were replaced before replacing deleted anything; all stored two hours ago."""
    member = MemberFactory(territory=medellin)
    member.photo.save("foto.jpg", ContentFile(jpeg_bytes()), save=True)
    (old_copy,) = card_photo_copies(member.photo)
    old_photo = member.photo.name
    member.signature.save("firma.png", ContentFile(png_bytes()), save=True)
    old_signature = member.signature.name
    member.consent_file.save("autorizacion.pdf", ContentFile(PDF), save=True)
    old_consent = member.consent_file.name
    # The replacements, written as the code before this rule did: the old files stayed.
    for name in ("photo", "signature", "consent_file"):
        setattr(member, name, None)
    member.photo.save("foto.jpg", ContentFile(jpeg_bytes(color=(200, 40, 40))), save=False)
    member.signature.save("firma.png", ContentFile(png_bytes(size=(320, 140))), save=False)
    member.consent_file.save("autorizacion.pdf", ContentFile(PDF + b"\n% 2"), save=False)
    member.save()
    (copy,) = card_photo_copies(member.photo)
    for path in media.rglob("*"):
        if path.is_file() and str(path) != member.photo.path:  # aging the photo would change its copy's key
            age(path)
    return {
        "member": member,
        "orphans": [old_photo, old_signature],
        "orphan_copy": old_copy,
        "kept": [member.photo.name, member.signature.name, member.consent_file.name, old_consent],
        "copy": copy,
    }


def sweep(*args: str) -> str:
    out = io.StringIO()
    call_command("sweep_member_files", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_lists_every_orphan(files):
    listed = sweep("--dry-run").splitlines()
    assert sorted(listed[:-1]) == sorted([*files["orphans"], files["orphan_copy"]])


def test_the_dry_run_deletes_nothing(files):
    sweep("--dry-run")
    left = [default_storage.exists(name) for name in files["orphans"]] + [os.path.exists(files["orphan_copy"])]
    assert left == [True, True, True]


def test_the_dry_run_writes_no_audit_event(files):
    sweep("--dry-run")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DELETE).exists()


def test_the_sweep_deletes_the_orphans_and_the_copies_of_gone_photos(files):
    sweep()
    left = [default_storage.exists(name) for name in files["orphans"]] + [os.path.exists(files["orphan_copy"])]
    assert left == [False, False, False]


def test_the_sweep_keeps_what_members_point_at_and_replaced_consent_files(files):
    sweep()
    kept = [default_storage.exists(name) for name in files["kept"]] + [os.path.exists(files["copy"])]
    assert kept == [True] * 5


def test_the_sweep_leaves_files_younger_than_an_hour(files):
    young = default_storage.save("members/fingerprints/2026/12/huella.png", ContentFile(png_bytes()))
    sweep()
    assert default_storage.exists(young)


def test_the_sweep_is_audited_with_the_counts_only(files):
    sweep()
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE)
    assert (event.actor, event.source, event.changes, event.object_id) == (
        None,
        AuditEvent.Source.SYSTEM,
        {"deleted": 3},
        "",
    )


def test_a_second_sweep_finds_nothing(files):
    sweep()
    assert len(sweep("--dry-run").splitlines()) == 1  # the summary alone


def test_an_installation_without_member_files_has_nothing_to_sweep(medellin):
    MemberFactory(territory=medellin)
    assert len(sweep().splitlines()) == 1
