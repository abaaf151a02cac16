"""A signature or fingerprint captured again at a drive (at the table, or on a kit synced back to
headquarters) replaces the member's file: the old one leaves storage once the change commits."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from carnets.models import KitState
from carnets.photos import card_photo_copies
from carnets.services import jornada_register, kit_load
from carnets.tests.factories import JornadaFactory, jpeg_bytes, png_bytes, stocked_printer
from carnets.tests.kit_support import KIT_DATABASES, PASSPHRASE, PIN, on_kit, package_file, prepare, sync
from core.models import AuditEvent, Territory, User
from militancia.models import Member
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(databases=KIT_DATABASES)

SIGNATURE = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def jornada(medellin, carla):
    jornada = JornadaFactory(territory=medellin, printer=stocked_printer(20))
    jornada.team.set([carla])
    return jornada


@pytest.fixture
def member(medellin):
    """Signed and fingerprinted at an earlier drive; has a photo (with its card-sized copy)."""
    member = MemberFactory(territory=medellin, id_number="1020304050")
    member.photo.save("foto.jpg", ContentFile(jpeg_bytes()), save=False)
    member.signature.save("firma.png", ContentFile(png_bytes()), save=False)
    member.fingerprint.save("huella.png", ContentFile(png_bytes(size=(200, 200))), save=False)
    member.save()
    return Member.objects.get(pk=member.pk)


def fingerprint_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("huella.png", png_bytes(size=(220, 240)), content_type="image/png")


def test_a_signature_signed_again_at_the_table_deletes_the_old_one(
    carla, design, jornada, member, django_capture_on_commit_callbacks
):
    old = member.signature.name
    with django_capture_on_commit_callbacks(execute=True):
        jornada_register(jornada=jornada, actor=carla, data={}, member=member, consent=True, signature_data=SIGNATURE)
    member.refresh_from_db()
    assert (default_storage.exists(old), default_storage.exists(member.signature.name)) == (False, True)


def test_a_fingerprint_scanned_again_at_the_table_deletes_the_old_one(
    carla, design, jornada, member, django_capture_on_commit_callbacks
):
    old = member.fingerprint.name
    with django_capture_on_commit_callbacks(execute=True):
        jornada_register(
            jornada=jornada, actor=carla, data={}, member=member, consent=False, fingerprint=fingerprint_upload()
        )
    member.refresh_from_db()
    assert (default_storage.exists(old), default_storage.exists(member.fingerprint.name)) == (False, True)


def test_the_old_signature_stays_until_the_registration_commits(
    carla, design, jornada, member, django_capture_on_commit_callbacks
):
    old = member.signature.name
    with django_capture_on_commit_callbacks(execute=False):
        jornada_register(jornada=jornada, actor=carla, data={}, member=member, consent=True, signature_data=SIGNATURE)
        still_there = default_storage.exists(old)
    assert still_there


def test_the_drive_audit_names_the_replaced_signature(carla, design, jornada, member):
    old = member.signature.name
    jornada_register(jornada=jornada, actor=carla, data={}, member=member, consent=True, signature_data=SIGNATURE)
    member.refresh_from_db()
    event = AuditEvent.objects.filter(object_id=str(member.pk), changes__has_key="signature").get()
    assert event.shown_changes["signature"] == [old, member.signature.name]


def test_a_registration_refused_at_the_table_keeps_the_members_files(
    carla, jornada, member, django_capture_on_commit_callbacks
):
    """No active card design: the card cannot be issued and the whole registration is undone,
    so the photo, its card copy and the signature the record still points at stay."""
    kept = [member.photo.name, member.signature.name]
    (card_copy,) = card_photo_copies(member.photo)
    photo = SimpleUploadedFile("foto.jpg", jpeg_bytes(color=(200, 40, 40)), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        jornada_register(
            jornada=jornada, actor=carla, data={}, member=member, consent=True, signature_data=SIGNATURE, photo=photo
        )
    member.refresh_from_db()
    assert [member.photo.name, member.signature.name] == kept
    assert [default_storage.exists(name) for name in kept] + [default_storage.exists(card_copy)] == [True] * 3


def test_a_signature_signed_again_on_a_kit_replaces_the_old_one_at_headquarters(
    carla, design, jornada, member, client, django_capture_on_commit_callbacks
):
    """At the kit's table the operator updates the member and the person signs again; once synced,
    headquarters' member has the new signature and the old file is gone."""
    old = member.signature.name
    data = package_file(prepare(jornada=jornada, actor=carla), carla)
    with django_capture_on_commit_callbacks(execute=True), on_kit():
        kit_load(data=data, passphrase=PASSPHRASE, pins={"carla": PIN})
        client.force_login(User.objects.get(username="carla"))
        kit_jornada = KitState.objects.get().jornada
        client.post(
            f"/jornadas/{kit_jornada.pk}/registro/",
            {
                "member": member.pk,
                "id_type": "CC",
                "id_number": "1020304050",
                "first_names": member.first_names,
                "last_names": member.last_names,
                "territory": Territory.objects.get(code="05001").pk,
                "signature": SIGNATURE,
                "consent": "on",
            },
        )
        sync(Client())
    member.refresh_from_db()
    assert (member.signature.name != old, default_storage.exists(old)) == (True, False)
