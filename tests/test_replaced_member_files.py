"""A member's replaced photo leaves storage with its card-sized copy once the change commits; a
rolled-back change keeps it; a replaced consent file is kept; a suppression after replacements
leaves none of the member's files.

Each test stores files under its own MEDIA_ROOT, so "nothing left" means nothing at all.
"""

from __future__ import annotations

import base64

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from carnets.photos import card_photo_copies
from carnets.services import jornada_register
from carnets.tests.factories import CardDesignFactory, JornadaFactory, jpeg_bytes, png_bytes, stocked_printer
from core.roles import Role
from core.tests.factories import make_user
from core.tests.files import PDF
from core.tests.rendered import form_with
from militancia.models import Member
from militancia.services import member_change_status, member_update
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


class Boom(Exception):
    """Something later in the same transaction failed."""


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def member(medellin):
    """A member whose photo has its card-sized copy (made when the photo was stored)."""
    member = MemberFactory(territory=medellin)
    member.photo.save("foto.jpg", ContentFile(jpeg_bytes()), save=True)
    member.consent_file.save("autorizacion.pdf", ContentFile(PDF), save=True)
    return Member.objects.get(pk=member.pk)


def post_edit_page(client, member, **files):
    """The member's edit form as the page renders it, sent with the chosen files."""
    url = f"/militantes/{member.pk}/editar/"
    form = form_with(client.get(url).content.decode(), id="member-form")
    response = client.post(form.target() or url, form.data(**files))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def new_photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("nueva.jpg", jpeg_bytes(color=(200, 40, 40)), content_type="image/jpeg")


def test_a_photo_replaced_on_the_edit_page_leaves_storage(login_as, bob, member, django_capture_on_commit_callbacks):
    old = member.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        post_edit_page(login_as(bob), member, photo=new_photo())
    member.refresh_from_db()
    assert (member.photo.name != old, default_storage.exists(old), default_storage.exists(member.photo.name)) == (
        True,
        False,
        True,
    )


def test_the_card_copy_of_the_replaced_photo_goes_with_it(login_as, bob, member, django_capture_on_commit_callbacks):
    (old_copy,) = card_photo_copies(member.photo)
    with django_capture_on_commit_callbacks(execute=True):
        post_edit_page(login_as(bob), member, photo=new_photo())
    member.refresh_from_db()
    assert (default_storage.exists(old_copy), len(card_photo_copies(member.photo))) == (False, 1)


def test_the_old_photo_stays_until_the_change_commits(login_as, bob, member, django_capture_on_commit_callbacks):
    old = member.photo.name
    (old_copy,) = card_photo_copies(member.photo)
    with django_capture_on_commit_callbacks(execute=False):
        post_edit_page(login_as(bob), member, photo=new_photo())
        still_there = (default_storage.exists(old), default_storage.exists(old_copy))
    assert still_there == (True, True)


def test_a_rolled_back_photo_change_keeps_the_photo_the_record_points_at(
    bob, member, django_capture_on_commit_callbacks
):
    old = member.photo.name
    (old_copy,) = card_photo_copies(member.photo)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Boom), transaction.atomic():
        member_update(member=member, actor=bob, data={"photo": ContentFile(jpeg_bytes(), name="nueva.jpg")})
        raise Boom
    member.refresh_from_db()
    assert (member.photo.name, default_storage.exists(old), default_storage.exists(old_copy)) == (old, True, True)


def test_a_replaced_consent_file_is_kept_as_evidence(login_as, bob, member, django_capture_on_commit_callbacks):
    old = member.consent_file.name
    upload = SimpleUploadedFile("autorizacion-2.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        post_edit_page(login_as(bob), member, consent_file=upload)
    member.refresh_from_db()
    assert (member.consent_file.name != old, default_storage.exists(old)) == (True, True)


def test_a_suppression_after_replacements_leaves_no_file_of_the_member(
    login_as, alice, bob, member, medellin, media, django_capture_on_commit_callbacks
):
    """Her photo replaced on the edit page, her signature signed twice at a drive, then she resigns
    and asks for suppression: none of her files (current or replaced, nor card copies) is left."""
    from data_rights import services as rights

    carla = make_user("carla", Role.CARDS)
    CardDesignFactory()
    jornada = JornadaFactory(territory=medellin, printer=stocked_printer(20))
    signature = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    with django_capture_on_commit_callbacks(execute=True):
        post_edit_page(login_as(bob), member, photo=new_photo())
        for _ in range(2):
            jornada_register(
                jornada=jornada, actor=carla, data={}, member=member, consent=True, signature_data=signature
            )
        member_change_status(member=member, actor=alice, to_status=Member.Status.RESIGNED, reason="Renuncia escrita")
        resigned = Member.objects.get(pk=member.pk)
        request = rights.suppression_request(actor=alice, member=resigned, reason="Pidió supresión")
        rights.suppression_confirm(actor=make_user("diana", Role.NATIONAL_ADMIN), request=request)
    assert [path.relative_to(media) for path in media.rglob("*") if path.is_file()] == []
