"""Drive packages: prepared at headquarters, loaded on a kit; tampered, expired or wrongly
opened packages are refused in Spanish."""

from __future__ import annotations

import base64
import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.test import override_settings
from django.utils import timezone, translation

from carnets.kit.package import PackageError, encrypt_package, open_package, sign_payload
from carnets.models import Card, DrivePackage, KitCardNumber, KitState
from carnets.services import kit as kit_services
from carnets.services.cards import card_numbers
from carnets.tests.factories import JornadaFactory, stocked_printer
from carnets.tests.kit_support import KIT_DATABASES, PASSPHRASE, PIN, on_kit, package_file, prepare
from core.roles import Role
from core.tests.factories import make_user
from militancia.models import Member
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(databases=KIT_DATABASES)


@pytest.fixture
def jornada(medellin, carla):
    jornada = JornadaFactory(territory=medellin, printer=stocked_printer(20))
    jornada.team.set([carla])
    return jornada


def test_preparing_reserves_a_block_no_other_card_takes(jornada, carla, design):
    package = kit_services.drive_package_start(jornada=jornada, actor=carla, block_size=30)
    numbers = [int(n[1:]) for n in card_numbers(count=40)]
    assert package.last_number - package.first_number + 1 == 30
    assert not [n for n in numbers if package.first_number <= n <= package.last_number]


def test_the_package_carries_only_the_drives_territory(jornada, carla, design, medellin, bogota):
    MemberFactory(territory=medellin, id_number="1020304050", phone="3001234567")
    MemberFactory(territory=bogota, id_number="5550001")
    payload = open_package(package_file(prepare(jornada=jornada, actor=carla), carla), passphrase=PASSPHRASE)
    assert [row[2] for row in payload["members"]] == ["1020304050"]


def test_the_package_holds_no_contact_data(jornada, carla, design, medellin):
    MemberFactory(territory=medellin, id_number="1020304050", phone="3001234567")
    payload = open_package(package_file(prepare(jornada=jornada, actor=carla), carla), passphrase=PASSPHRASE)
    assert "phone" not in payload["member_columns"]


def test_a_kit_loads_the_package_into_its_own_database(jornada, carla, design, medellin):
    MemberFactory(territory=medellin, id_number="1020304050")
    package = prepare(jornada=jornada, actor=carla, block_size=25)
    data = package_file(package, carla)
    with on_kit():
        state = kit_services.kit_load(data=data, passphrase=PASSPHRASE, pins={"carla": PIN})
        assert (Member.objects.get().id_number, KitCardNumber.objects.count(), state.first_number) == (
            "1020304050",
            25,
            package.first_number,
        )


def test_a_team_member_signs_in_on_the_kit_with_their_pin(jornada, carla, design, client):
    data = package_file(prepare(jornada=jornada, actor=carla), carla)
    with on_kit():
        kit_services.kit_load(data=data, passphrase=PASSPHRASE, pins={"carla": PIN})
        response = client.post("/cuenta/ingresar/", {"username": "carla", "password": PIN})
        assert response.status_code == 302


def test_cards_printed_on_the_kit_take_the_reserved_numbers(jornada, carla, design):
    package = prepare(jornada=jornada, actor=carla, block_size=3)
    data = package_file(package, carla)
    with on_kit():
        kit_services.kit_load(data=data, passphrase=PASSPHRASE, pins={"carla": PIN})
        numbers = card_numbers(count=3)
        assert numbers == [f"C{n:08d}" for n in range(package.first_number, package.last_number + 1)]


def test_a_kit_with_its_numbers_used_up_says_so(jornada, carla, design):
    data = package_file(prepare(jornada=jornada, actor=carla, block_size=1), carla)
    with on_kit(), translation.override("es"):
        kit_services.kit_load(data=data, passphrase=PASSPHRASE, pins={"carla": PIN})
        card_numbers(count=1)
        with pytest.raises(Exception, match="reservados para esta jornada"):
            card_numbers(count=1)


def test_a_wrong_passphrase_is_refused_in_spanish(jornada, carla, design):
    data = package_file(prepare(jornada=jornada, actor=carla), carla)
    with on_kit(), translation.override("es"), pytest.raises(PackageError, match="Frase de contraseña incorrecta"):
        kit_services.kit_load(data=data, passphrase="otra frase cualquiera", pins={"carla": PIN})


def test_a_damaged_package_is_refused(jornada, carla, design):
    data = bytearray(package_file(prepare(jornada=jornada, actor=carla), carla))
    data[-100] ^= 0x01
    with on_kit(), pytest.raises(PackageError):
        kit_services.kit_load(data=bytes(data), passphrase=PASSPHRASE, pins={"carla": PIN})


def test_a_package_altered_and_re_encrypted_is_refused_by_its_signature(jornada, carla, design):
    payload = open_package(package_file(prepare(jornada=jornada, actor=carla), carla), passphrase=PASSPHRASE)
    payload["numbers"] = [1, 999_999]
    forger = base64.b64encode(
        Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    ).decode()
    with override_settings(DRIVE_KIT_SIGNING_KEY=forger):
        forged = encrypt_package(sign_payload(payload), passphrase=PASSPHRASE)
    with on_kit(), translation.override("es"), pytest.raises(PackageError, match="firma"):
        kit_services.kit_load(data=forged, passphrase=PASSPHRASE, pins={"carla": PIN})


def test_an_expired_package_is_refused(jornada, carla, design, monkeypatch):
    data = package_file(prepare(jornada=jornada, actor=carla), carla)
    later = timezone.now() + datetime.timedelta(days=400)
    with on_kit(), translation.override("es"):
        monkeypatch.setattr(timezone, "now", lambda: later)
        with pytest.raises(PackageError, match="venció"):
            kit_services.kit_load(data=data, passphrase=PASSPHRASE, pins={"carla": PIN})
        monkeypatch.undo()
        assert not KitState.objects.exists()


def test_headquarters_refuses_to_load_a_package(jornada, carla, design):
    data = package_file(prepare(jornada=jornada, actor=carla), carla)
    with pytest.raises(PackageError):
        kit_services.kit_load(data=data, passphrase=PASSPHRASE)


def test_a_short_passphrase_is_refused_on_download(jornada, carla, design):
    package = prepare(jornada=jornada, actor=carla)
    with pytest.raises(Exception, match="12"):
        package_file(package, carla, passphrase="corta")


def test_the_card_team_prepares_and_downloads_a_package_on_the_page(jornada, carla, design, login_as):
    client = login_as(carla)
    response = client.post(f"/jornadas/{jornada.pk}/paquete/", {"block_size": "40"})
    package = DrivePackage.objects.get()
    assert response.status_code == 302
    kit_services.drive_package_build_run(package=package, progress=lambda *a, **k: None)
    page = client.get(f"/jornadas/{jornada.pk}/paquete/")
    assert "Descargar el paquete" in page.content.decode()
    download = client.post(
        f"/jornadas/{jornada.pk}/paquete/{package.pk}/descargar/",
        {"passphrase": PASSPHRASE, "passphrase2": PASSPHRASE},
    )
    assert open_package(download.content, passphrase=PASSPHRASE)["package_id"] == str(package.package_id)


def test_package_pages_permission_matrix(jornada, carla, design, client, nobody, bob, charlie, login_as):
    url = f"/jornadas/{jornada.pk}/paquete/"
    assert client.get(url).status_code == 302
    assert login_as(nobody).get(url).status_code == 403
    assert login_as(bob).get(url).status_code == 403  # coordinator: reads drives, does not prepare kits
    other = make_user("karen", Role.CARDS, territories=[charlie.territories.first()])
    assert login_as(other).get(url).status_code == 404
    assert login_as(carla).get(url).status_code == 200


def test_cards_loaded_with_the_package_keep_their_numbers(jornada, carla, design, medellin):
    member = MemberFactory(territory=medellin)
    Card.objects.create(number="C00000777", member=member, status="impreso", issued_on=timezone.localdate())
    data = package_file(prepare(jornada=jornada, actor=carla), carla)
    with on_kit():
        kit_services.kit_load(data=data, passphrase=PASSPHRASE, pins={"carla": PIN})
        assert Card.objects.get().number == "C00000777"


def test_a_suppression_deletes_the_stored_packages_that_hold_the_member(jornada, carla, design, medellin, bogota):
    from militancia.personal_data import personal_data_erase, personal_data_report

    member = MemberFactory(territory=medellin, id_number="1020304050")
    outsider = MemberFactory(territory=bogota, id_number="5550001")
    package = prepare(jornada=jornada, actor=carla)
    assert any(entry.model is DrivePackage for entry, _rows in personal_data_report(member))
    assert not any(entry.model is DrivePackage for entry, _rows in personal_data_report(outsider))
    personal_data_erase(member)
    package.refresh_from_db()
    assert not package.payload


def test_the_nightly_purge_deletes_only_expired_package_files(
    jornada, carla, design, django_capture_on_commit_callbacks
):
    from carnets.tasks import purge_expired_drive_packages
    from core.models import AuditEvent

    expired, current = prepare(jornada=jornada, actor=carla), prepare(jornada=jornada, actor=carla)
    DrivePackage.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    storage, name = expired.payload.storage, expired.payload.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_expired_drive_packages() == {"purged": 1}  # what beat runs (BEAT_DRIVE_PACKAGES_PURGE)
    expired.refresh_from_db()
    current.refresh_from_db()
    assert not expired.payload and not storage.exists(name)
    assert current.payload and storage.exists(current.payload.name)
    assert expired.kit_key  # the row stays: a late sync from the kit is still checked against it
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE, object_id=str(expired.pk))
    assert event.source == AuditEvent.Source.SYSTEM
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_expired_drive_packages() == {"purged": 0}  # nothing twice


def test_the_purge_is_scheduled_nightly():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["carnets.drive_packages_purge"]
    assert entry["task"] == "carnets.drive_packages_purge"
    assert (entry["schedule"]._orig_minute, entry["schedule"]._orig_hour) == ("40", "2")


def test_the_kits_lookup_reads_a_bounded_number_of_rows(jornada, carla, design, medellin, client):
    """The table's lookup on the kit (POST the document, follow to the form): the same queries for
    a member found and a new person, whatever the package's size or how much the drive did."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    MemberFactory(territory=medellin, id_number="1020304050")
    data = package_file(prepare(jornada=jornada, actor=carla), carla)
    with on_kit():
        kit_services.kit_load(data=data, passphrase=PASSPHRASE, pins={"carla": PIN})
        kit_jornada = KitState.objects.get().jornada
        client.force_login(kit_jornada.team.get())
        url = f"/jornadas/{kit_jornada.pk}/registro/"
        client.get(url)  # the session and the caches, as on a table that has been working
        counts = {}
        for number in ("1020304050", "99887766"):
            with CaptureQueriesContext(connection) as queries:
                page = client.post(url, {"lookup": "1", "id_type": "CC", "id_number": number}, follow=True)
            assert page.status_code == 200 and number in page.content.decode()
            counts[number] = len(queries)
    assert max(counts.values()) <= 23, counts  # 2 requests; the banner counts in 3 queries
    assert not [
        q["sql"] for q in queries.captured_queries if "carnets_kitsyncreport" in q["sql"] and "uuid" in q["sql"]
    ]
