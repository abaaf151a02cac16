"""A drive worked offline on a kit, synced back: once, twice, cut mid-way, in conflict; then wiped."""

from __future__ import annotations

import base64
import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import Http404
from django.test import Client
from django.utils import timezone, translation

from carnets.models import (
    Card,
    Consumable,
    JornadaRegistration,
    KitState,
    KitSyncedRecord,
    KitSyncReport,
)
from carnets.services import kit as kit_services
from carnets.services import kit_sync, kit_wipe
from carnets.services.cards import issue_date
from carnets.tests.factories import JornadaFactory, png_bytes, stocked_printer
from carnets.tests.kit_support import (
    KIT_DATABASES,
    PASSPHRASE,
    PIN,
    kit_snapshot,
    on_kit,
    package_file,
    prepare,
    sync,
)
from core.models import AuditEvent, Territory, User
from militancia.models import Member, RegistrationConflict
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(databases=KIT_DATABASES)

SIGNATURE = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


@pytest.fixture
def jornada(medellin, carla):
    jornada = JornadaFactory(territory=medellin, printer=stocked_printer(20))
    jornada.team.set([carla])
    return jornada


@pytest.fixture
def kit_file(jornada, carla, design):
    return package_file(prepare(jornada=jornada, actor=carla), carla)


def _load(data: bytes) -> KitState:
    return kit_services.kit_load(data=data, passphrase=PASSPHRASE, pins={"carla": PIN})


def _register(client, id_number: str, *, first: str = "ana maría", deliver: bool = True) -> JornadaRegistration:
    """At the kit's table, as the operator does: the person, the consent signed on screen, print, deliver."""
    state = KitState.objects.get()
    client.force_login(User.objects.get(username="carla"))
    jornada = state.jornada
    client.post(
        f"/jornadas/{jornada.pk}/registro/",
        {
            "id_type": "CC",
            "id_number": id_number,
            "first_names": first,
            "last_names": "ZULUAGA",
            "territory": Territory.objects.get(code="05001").pk,
            "phone": "300 123 4567",
            "consent": "on",
            "signature": SIGNATURE,
        },
    )
    registration = JornadaRegistration.objects.order_by("-pk").first()
    client.post(f"/jornadas/{jornada.pk}/registro/{registration.pk}/imprimir/", {"printer": jornada.printer.pk})
    if deliver:
        client.post(f"/jornadas/{jornada.pk}/registro/{registration.pk}/entregar/")
    registration.refresh_from_db()
    return registration


def test_the_kit_banner_counts_what_is_to_sync(kit_file, client):
    with on_kit(), translation.override("es"):
        _load(kit_file)
        _register(client, "1020304050")
        page = client.get("/kit/").content.decode()
        # The registration, the two stock movements of its printed card (PVC card, ribbon) and
        # the audit events of the table: exactly what the wipe waits for.
        pending = kit_sync.kit_unsynced(state=KitState.objects.get())
        assert pending > 3 and f"sin conexión · {pending} registros por sincronizar" in page
        sync(Client())
        assert "sin conexión · 0 registros por sincronizar" in client.get("/kit/").content.decode()


def test_an_offline_registration_arrives_with_its_reserved_card_number(kit_file, client, jornada):
    with on_kit():
        _load(kit_file)
        number = _register(client, "1020304050").card.number
        sync(Client())
    card = Card.objects.get(number=number)
    assert (card.member.id_number, card.status, card.jornada_id) == ("1020304050", "entregado", jornada.pk)


def test_the_member_registered_offline_keeps_the_typed_data(kit_file, client):
    with on_kit():
        _load(kit_file)
        _register(client, "1020304050")
        sync(Client())
    member = Member.objects.get(id_number="1020304050")
    assert (member.first_names, member.phone, member.source, bool(member.signature)) == (
        "Ana María",
        "+573001234567",
        "jornada",
        True,
    )


def test_a_kit_synced_twice_adds_nothing(kit_file, client):
    with on_kit():
        _load(kit_file)
        _register(client, "1020304050")
        sync(Client())
        second = sync(Client())
    assert (second["sent"], Member.objects.count(), Card.objects.count()) == (0, 1, 1)


def test_a_chunk_pushed_again_is_stored_once(kit_file, client):
    with on_kit():
        _load(kit_file)
        _register(client, "1020304050")
        sync(Client())
        KitSyncReport.objects.all().delete()  # the kit forgot the answers: everything is pushed again
        again = sync(Client())
    assert (again["aceptado"], Member.objects.count(), JornadaRegistration.objects.count()) == (again["sent"], 1, 1)


def test_a_sync_cut_mid_way_resumes_without_duplicates(kit_file, client, monkeypatch):
    monkeypatch.setattr(kit_sync, "CHUNK_BYTES", 1)  # one record per chunk
    with on_kit():
        _load(kit_file)
        for n in range(3):
            _register(client, f"102030405{n}")
        with pytest.raises(ConnectionError):
            sync(Client(), fail_after=1, lose_answer=True)
        sync(Client())
        pending = kit_sync.kit_pending()
    assert (pending, Member.objects.count(), Card.objects.count(), JornadaRegistration.objects.count()) == (0, 3, 3, 3)


def test_a_document_registered_meanwhile_goes_to_the_conflict_queue(kit_file, client, medellin):
    with on_kit():
        _load(kit_file)
        _register(client, "1020304050", first="nombre del kit")
    holder = MemberFactory(territory=medellin, id_number="1020304050", first_names="Registrada En Sede")
    with on_kit(), translation.override("es"):
        sync(Client())
        answer = KitSyncReport.objects.get(kind="registration")
        page = client.get("/kit/").content.decode()
    holder.refresh_from_db()
    assert (holder.first_names, RegistrationConflict.objects.get().member) == ("Registrada En Sede", holder)
    assert answer.outcome == "conflicto"
    assert "cola nacional de conflictos" in page


def test_two_kits_registering_the_same_person_end_as_one_member_and_one_conflict(jornada, carla, design, client):
    other = JornadaFactory(territory=jornada.territory, printer=stocked_printer(20))
    other.team.set([carla])
    first, second = (package_file(prepare(jornada=j, actor=carla), carla) for j in (jornada, other))
    with on_kit():
        with kit_snapshot():
            _load(first)
            _register(client, "1020304050")
            sync(Client())
        _load(second)
        _register(client, "1020304050")
        sync(Client())
    assert (Member.objects.filter(id_number="1020304050").count(), RegistrationConflict.objects.count()) == (1, 1)


def test_an_update_at_the_kit_changes_only_what_was_typed(jornada, carla, design, client, medellin):
    member = MemberFactory(territory=medellin, id_number="1020304050", email="ana@example.org", phone="")
    data = package_file(prepare(jornada=jornada, actor=carla), carla)
    with on_kit():
        _load(data)
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
                "phone": "300 123 4567",
                "signature": SIGNATURE,
                "consent": "on",
            },
        )
        sync(Client())
    member.refresh_from_db()
    assert (member.phone, member.email) == ("+573001234567", "ana@example.org")


def test_audit_events_keep_their_time_and_actor_marked_offline(kit_file, client, jornada):
    with on_kit():
        _load(kit_file)
        _register(client, "1020304050")
        kit_time = AuditEvent.objects.filter(action="create", actor_username="carla").earliest("pk").created_at
        sync(Client())
    event = AuditEvent.objects.filter(source_ref=f"jornada #{jornada.pk} (sin conexión)", action="create").earliest(
        "pk"
    )
    assert (event.actor_username, event.created_at) == ("carla", kit_time)


def test_a_wrong_laptop_clock_never_dates_before_the_package(kit_file, monkeypatch):
    with on_kit():
        state = _load(kit_file)
        monkeypatch.setattr(timezone, "now", lambda: state.issued_at - datetime.timedelta(days=900))
        today = issue_date()
    assert today == timezone.localdate(state.issued_at)


def test_headquarters_keeps_kit_times_between_the_package_and_now(kit_file, client):
    with on_kit():
        state = _load(kit_file)
        registration = _register(client, "1020304050")
        JornadaRegistration.objects.filter(pk=registration.pk).update(
            created_at=state.issued_at - datetime.timedelta(days=900)
        )
        sync(Client())
    assert JornadaRegistration.objects.get().created_at == state.issued_at


def test_the_kits_card_consumption_reaches_headquarters_stock(kit_file, client, jornada):
    before = Consumable.objects.get(pk=jornada.printer.card_stock_id).stock
    with on_kit():
        _load(kit_file)
        _register(client, "1020304050")
        sync(Client())
    assert Consumable.objects.get(pk=jornada.printer.card_stock_id).stock == before - 1


def test_an_unsigned_push_is_refused(kit_file):
    package_id = KitSyncedRecord.objects.none().model.package.field.related_model.objects.get().package_id
    body = json.dumps({"package_id": str(package_id), "records": []})
    response = Client().post(
        "/jornadas/kit/sincronizar/", body, content_type="application/json", HTTP_X_KIT_SIGNATURE="00"
    )
    assert response.status_code == 403


def test_the_wipe_waits_for_a_complete_sync(kit_file, client):
    with on_kit(), translation.override("es"):
        _load(kit_file)
        _register(client, "1020304050")
        with pytest.raises(Exception, match="sin sincronizar"):
            kit_wipe.kit_wipe(confirmation=KitState.objects.get().jornada.name)


def test_the_wipe_asks_for_the_drives_name(kit_file, client):
    with on_kit(), translation.override("es"):
        _load(kit_file)
        _register(client, "1020304050")
        sync(Client())
        with pytest.raises(Exception, match="nombre de la jornada"):
            kit_wipe.kit_wipe(confirmation="otra")


def test_the_wipe_erases_the_kits_personal_data_and_is_audited(kit_file, client):
    with on_kit():
        _load(kit_file)
        _register(client, "1020304050")
        sync(Client())
        from carnets.photos import cache_dir

        (cache_dir() / "copia-de-foto.jpg").write_bytes(b"card-sized photo")
        call_command("drive_kit_wipe", confirm=KitState.objects.get().jornada.name)
        left = (Member.objects.count(), Card.objects.count(), JornadaRegistration.objects.count())
        audited = AuditEvent.objects.filter(action="delete", content_type__model="kitstate").exists()
        cards_photos_left = list(cache_dir().iterdir())
    assert (left, audited) == ((0, 0, 0), True)
    assert cards_photos_left == []


def _wipe_form(client):
    from core.tests.rendered import form_with

    return form_with(client.get("/kit/").content.decode(), action="/kit/borrar/")


def test_the_drive_lead_wipes_the_kit_from_its_page_after_the_sync(kit_file, client):
    with on_kit(), translation.override("es"):
        _load(kit_file)
        _register(client, "1020304050")
        page = client.get("/kit/").content.decode()
        assert "registros por sincronizar" in page and "/kit/borrar/" not in page  # nothing to wipe yet
        sync(Client())
        form = _wipe_form(client)
        name = KitState.objects.get().jornada.name
        refused = client.post(form.target(), form.data(confirm="otra jornada"), follow=True).content.decode()
        assert "nombre de la jornada para confirmar" in refused and Member.objects.count() == 1
        done = client.post(form.target(), form.data(confirm=name), follow=True)
        left = (Member.objects.count(), Card.objects.count(), JornadaRegistration.objects.count())
        event = AuditEvent.objects.get(action="delete", content_type__model="kitstate")
        wiped_at = KitState.objects.get().wiped_at
    assert left == (0, 0, 0) and wiped_at is not None
    assert event.actor_username == "carla"  # who pressed the button
    # The kit PINs are void: the page now asks to sign in again.
    assert "/ingresar/" in done.redirect_chain[-1][0] or "login" in done.redirect_chain[-1][0]


def test_the_wipe_button_refuses_a_card_worker_of_another_territory(kit_file, client):
    from carnets.services.kit_wipe import kit_wipe_by
    from core.roles import Role
    from core.tests.factories import make_user, territory

    with on_kit():
        _load(kit_file)
        name = KitState.objects.get().jornada.name
        outsider = make_user("outsider", Role.CARDS, territories=[territory("25")])
        reader = make_user("reader", Role.REGIONAL_COORDINATOR, territories=[territory("05")])
        with pytest.raises(Http404):
            kit_wipe_by(actor=outsider, confirmation=name)
        with pytest.raises(PermissionDenied):
            kit_wipe_by(actor=reader, confirmation=name)
        assert KitState.objects.get().wiped_at is None
