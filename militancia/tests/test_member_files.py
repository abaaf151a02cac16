"""A member's photo, authorization file, signature and fingerprint: served by the protected view only."""

import pickle

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from core.tests.files import PDF, body, file_link, jpeg_bytes, png_bytes
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

PHOTO = jpeg_bytes()
SIGNATURE = png_bytes()
FINGERPRINT = jpeg_bytes(color=(10, 10, 10))


@pytest.fixture
def member(medellin):
    member = MemberFactory(territory=medellin)
    member.photo.save("foto.jpg", ContentFile(PHOTO), save=False)
    member.consent_file.save("autorizacion.pdf", ContentFile(PDF), save=False)
    member.signature.save("firma.png", ContentFile(SIGNATURE), save=False)
    member.fingerprint.save("huella.jpg", ContentFile(FINGERPRINT), save=False)
    member.save()
    return member


def page_link(client, member, field):
    """The link the member page renders for the file (photo: the <img src>)."""
    return file_link(client.get(reverse("militancia:member-detail", args=[member.pk])), f"/{field}/")


# (field, how the test finds its address, bytes). Signature and fingerprint are not shown on any page.
FIELDS = [
    ("photo", "page", PHOTO),
    ("consent_file", "page", PDF),
    ("signature", "url", SIGNATURE),
    ("fingerprint", "url", FINGERPRINT),
]


def address(client, member, field, how):
    return page_link(client, member, field) if how == "page" else getattr(member, field).url


@pytest.mark.parametrize(("field", "how", "content"), FIELDS)
def test_it_serves_the_file_to_a_coordinator_of_the_territory(login_as, bob, member, field, how, content):
    client = login_as(bob)
    response = client.get(address(client, member, field, how))
    assert (response.status_code, body(response)) == (200, content)


@pytest.mark.parametrize(("field", "how", "content"), FIELDS)
def test_it_never_links_to_media(login_as, bob, member, field, how, content):
    client = login_as(bob)
    assert address(client, member, field, how).startswith(f"/archivos/militancia/member/{member.pk}/")


@pytest.mark.parametrize(("field", "how", "content"), FIELDS)
def test_it_sends_anonymous_users_to_log_in(login_as, bob, member, field, how, content):
    url = address(login_as(bob), member, field, how)
    response = Client().get(url)
    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("core:login"))


@pytest.mark.parametrize(("field", "how", "content"), FIELDS)
def test_it_forbids_a_user_without_role(login_as, bob, nobody, member, field, how, content):
    url = address(login_as(bob), member, field, how)
    assert login_as(nobody).get(url).status_code == 403


@pytest.mark.parametrize(("field", "how", "content"), FIELDS)
def test_it_hides_the_file_from_a_coordinator_of_another_territory(login_as, bob, charlie, member, field, how, content):
    url = address(login_as(bob), member, field, how)
    assert login_as(charlie).get(url).status_code == 404


@pytest.mark.parametrize(("field", "how", "content"), FIELDS)
def test_each_download_writes_one_audit_event(login_as, bob, member, field, how, content):
    client = login_as(bob)
    url = address(client, member, field, how)
    before = AuditEvent.objects.count()
    client.get(url)
    event = AuditEvent.objects.order_by("-id").first()
    label = str(member._meta.get_field(field).verbose_name)
    assert (AuditEvent.objects.count() - before, event.action, event.actor, event.object_id, event.message) == (
        1,
        AuditEvent.Action.DOWNLOAD,
        bob,
        str(member.pk),
        f"Archivo descargado: {label}",
    )


def test_a_read_only_user_sees_the_photo_but_not_the_fingerprint(login_as, reader, member):
    client = login_as(reader)
    statuses = (client.get(member.photo.url).status_code, client.get(member.fingerprint.url).status_code)
    assert statuses == (200, 403)


def test_images_and_pdfs_open_in_the_browser_and_are_never_cached(login_as, bob, member):
    response = login_as(bob).get(member.photo.url)
    headers = (response["Content-Type"], response["Content-Disposition"][:7], response["Cache-Control"])
    assert headers == ("image/jpeg", "inline;", "private, no-store")


def test_an_unknown_type_is_downloaded_not_shown(login_as, bob, member):
    member.consent_file.save("autorizacion.html", ContentFile(b"<script>alert(1)</script>"))
    response = login_as(bob).get(member.consent_file.url)
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_browser_is_told_not_to_sniff(login_as, bob, member):
    assert login_as(bob).get(member.photo.url)["X-Content-Type-Options"] == "nosniff"


def test_behind_nginx_it_answers_the_internal_redirect_and_an_empty_body(login_as, bob, member, settings):
    settings.PROTECTED_FILES_SERVER = "nginx"
    settings.PROTECTED_FILES_INTERNAL_PREFIX = "/interno/"
    response = login_as(bob).get(member.photo.url)
    assert (response.status_code, response["X-Accel-Redirect"], body(response)) == (
        200,
        "/interno/" + member.photo.name,
        b"",
    )


def test_behind_apache_it_answers_the_file_path_and_an_empty_body(login_as, bob, member, settings):
    settings.PROTECTED_FILES_SERVER = "apache"
    response = login_as(bob).get(member.photo.url)
    assert (response.status_code, response["X-Sendfile"], body(response)) == (
        200,
        member.photo.path,
        b"",
    )


def test_behind_a_proxy_an_encrypted_file_is_decrypted_here(login_as, bob, member, settings):
    """The proxy would send the ciphertext: the consent scan is sent by Django, decrypted."""
    settings.PROTECTED_FILES_SERVER = "apache"
    response = login_as(bob).get(member.consent_file.url)
    assert (response.status_code, response.has_header("X-Sendfile"), body(response)) == (200, False, PDF)


def test_behind_a_proxy_the_download_is_still_audited(login_as, bob, member, settings):
    settings.PROTECTED_FILES_SERVER = "nginx"
    login_as(bob).get(member.photo.url)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD, object_id=str(member.pk)).count() == 1


def test_a_member_with_its_files_can_be_pickled(member):
    member.photo.url  # noqa: B018  (the protected file object now sits on the instance)
    assert pickle.loads(pickle.dumps(member)).photo.url == member.photo.url


def test_a_member_without_the_file_answers_not_found(login_as, bob, medellin):
    member = MemberFactory(territory=medellin)
    url = reverse("core:protected-file", args=["militancia", "member", member.pk, "photo"])
    assert login_as(bob).get(url).status_code == 404
