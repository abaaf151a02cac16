from datetime import date

import pytest
from django.utils import timezone

from core.models import AuditEvent
from core.tests.badges import status_badges
from core.tests.permissions import ANONYMOUS, LOGIN, assert_statuses
from core.tests.queries import at_most_queries
from core.tests.rendered import forms_of
from core.tests.search import search
from militancia.models import Member
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(medellin):
    return MemberFactory(first_names="José", last_names="Pérez Gómez", id_number="1020304050", territory=medellin)


def member_urls(member):
    return [
        f"/militantes/{member.pk}/",
        f"/militantes/{member.pk}/editar/",
        f"/militantes/{member.pk}/estado/",
    ]


# --- permission matrix -------------------------------------------------------------------------


def registry_pages(member):
    return [
        "/militantes/",
        "/militantes/nuevo/",
        "/militantes/informes/",
        "/militantes/duplicados/",
        *member_urls(member),
    ]


def test_anonymous_users_are_sent_to_the_login_page(client, member):
    assert_statuses(client, registry_pages(member), {ANONYMOUS: LOGIN})
    assert_statuses(client, f"/militantes/{member.pk}/certificado/", {ANONYMOUS: LOGIN}, method="post")


def test_users_without_a_role_get_403(client, nobody, member):
    assert_statuses(client, registry_pages(member), {nobody: 403})
    assert_statuses(client, f"/militantes/{member.pk}/certificado/", {nobody: 403}, method="post")


def test_a_coordinator_out_of_scope_gets_404(client, charlie, member):
    assert_statuses(client, member_urls(member), {charlie: 404})
    assert_statuses(client, f"/militantes/{member.pk}/certificado/", {charlie: 404}, method="post")
    status_change = {"to_status": "suspendido", "reason": "xxxxxx"}
    assert_statuses(client, f"/militantes/{member.pk}/estado/", {charlie: 404}, method="post", data=status_change)


def test_a_coordinator_out_of_scope_does_not_find_the_member(login_as, charlie, member):
    body = search(login_as(charlie), "/militantes/", q="1020304050").content.decode()
    # The page's main part only: the header names the signed-in user, whose name is random.
    assert "Pérez Gómez" not in body.split("<main", 1)[1]


def test_the_read_only_role_sees_but_cannot_write(client, login_as, reader, member):
    writes = ["/militantes/nuevo/", f"/militantes/{member.pk}/editar/", f"/militantes/{member.pk}/estado/"]
    assert_statuses(client, ["/militantes/", f"/militantes/{member.pk}/"], {reader: 200})
    assert_statuses(client, [*writes, "/militantes/exportar/csv/"], {reader: 403})
    body = login_as(reader).get(f"/militantes/{member.pk}/").content.decode()
    assert "José Pérez Gómez" in body
    assert "Editar" not in body


# --- list ----------------------------------------------------------------------------------------


def test_the_list_shows_only_members_in_scope(login_as, bob, member, bogota):
    MemberFactory(first_names="Carmen", last_names="Rojas", territory=bogota)
    body = login_as(bob).get("/militantes/").content.decode()
    assert "José Pérez Gómez" in body
    assert "Carmen Rojas" not in body


@pytest.mark.parametrize(
    "typed", ["1.020.304.050", "1020304050.0", " 1020304050 ", "jose perez", "JOSÉ Pérez", "perez jo"]
)
def test_the_list_finds_by_document_or_name(login_as, alice, member, medellin, typed):
    MemberFactory(first_names="Ana", last_names="Gómez", territory=medellin)
    body = search(login_as(alice), "/militantes/", q=typed).content.decode()
    # Only the results: the signed-in user's (random) name in the header may be "Ana Gómez" too.
    results = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "José Pérez Gómez" in results
    assert "Ana Gómez" not in results


def test_the_list_filters(login_as, alice, medellin, bogota, cundinamarca):
    MemberFactory(
        first_names="Uno", last_names="Activo", territory=medellin, has_card=True, joined_on=date(2024, 1, 10)
    )
    MemberFactory(
        first_names="Dos",
        last_names="Retirado",
        territory=bogota,
        status=Member.Status.RESIGNED,
        joined_on=date(2025, 6, 1),
    )
    client = login_as(alice)

    def names(**params):
        body = client.get("/militantes/", params).content.decode()
        return {n for n in ("Uno Activo", "Dos Retirado") if n in body}

    assert names() == {"Uno Activo", "Dos Retirado"}
    assert names(status="renuncio") == {"Dos Retirado"}
    assert names(has_card="yes") == {"Uno Activo"}
    assert names(has_card="no") == {"Dos Retirado"}
    assert names(joined_from="2025-01-01") == {"Dos Retirado"}
    assert names(joined_to="2024-12-31") == {"Uno Activo"}
    assert names(territory=cundinamarca.code) == set()  # Bogotá is not in Cundinamarca's subtree
    assert names(territory=medellin.parent.code) == {"Uno Activo"}


def test_the_list_reports_bad_filters_in_spanish(login_as, alice):
    body = login_as(alice).get("/militantes/", {"joined_from": "2025-13-45"}).content.decode()
    assert "Ingreso desde: ingrese una fecha válida." in body
    body = (
        login_as(alice).get("/militantes/", {"joined_from": "2025-02-01", "joined_to": "2025-01-01"}).content.decode()
    )
    assert "la fecha final es anterior a la inicial" in body


def test_the_list_paginates_by_keyset(login_as, alice, medellin):
    MemberFactory.create_batch(55, territory=medellin)
    client = login_as(alice)
    first = client.get("/militantes/")
    page = first.context["page"]
    assert len(page.object_list) == 50
    assert page.has_next
    assert not page.has_previous
    second = client.get("/militantes/", {"after": page.next_after}).context["page"]
    assert len(second.object_list) == 5
    assert not second.has_next
    assert second.has_previous
    back = client.get("/militantes/", {"before": second.previous_before}).context["page"]
    assert [m.pk for m in back.object_list] == [m.pk for m in page.object_list]


def test_the_list_query_count_is_constant(login_as, alice, bob, medellin):
    MemberFactory.create_batch(60, territory=medellin)
    for user in (alice, bob):
        client = login_as(user)
        searched = search(client, "/militantes/", q="a", status="activo", has_card="no").redirect_chain[-1][0]
        with at_most_queries(10):
            assert client.get(searched).status_code == 200
        with at_most_queries(10):
            assert client.get("/militantes/").status_code == 200


# --- detail --------------------------------------------------------------------------------------


def test_the_detail_shows_a_timeline_with_who_and_when(login_as, alice, bob, medellin):
    from militancia.services import member_change_status, member_register, member_update

    member = member_register(
        actor=bob,
        id_number="88776655",
        first_names="Luz",
        last_names="Ramírez",
        territory=medellin,
        consent_date=timezone.localdate(),
        consent_channel="paper",
    )
    member_update(member=member, actor=bob, data={"phone": "3001112233"})
    member_change_status(member=member, actor=alice, to_status="suspendido", reason="Investigación disciplinaria")
    body = login_as(alice).get(f"/militantes/{member.pk}/").content.decode()
    assert "Registrado: Manual" in body
    assert "+573001112233" in body
    assert "bob" in body
    assert "Investigación disciplinaria" in body


def test_the_timeline_draws_a_status_change_as_badges(login_as, alice, member):
    from militancia.services import member_change_status

    member_change_status(member=member, actor=alice, to_status="suspendido", reason="Investigación disciplinaria")
    body = login_as(alice).get(f"/militantes/{member.pk}/").content.decode()
    timeline = body.split('id="timeline-title"', 1)[1].split("</section>", 1)[0]
    assert status_badges(timeline) == [("activo", "Activo"), ("suspendido", "Suspendido")]


def test_the_detail_renders_contributed_panels(login_as, alice, member, settings):
    from core.roles import Role
    from militancia import panels

    panels.register_member_panel(
        panels.MemberPanel(
            key="test-panel",
            title="Panel de prueba",
            template="militancia/certificate_verify_body.html",
            roles=(Role.NATIONAL_ADMIN,),
            get_context=lambda member, user: {},
        )
    )
    try:
        body = login_as(alice).get(f"/militantes/{member.pk}/").content.decode()
        assert "Panel de prueba" in body
    finally:
        panels._panels.pop("test-panel")


def test_the_detail_query_count_is_bounded(login_as, alice, member, django_assert_max_num_queries, monkeypatch):
    from django.contrib.contenttypes.models import ContentType

    from militancia import panels

    monkeypatch.setattr(panels, "_panels", {})  # other apps' panels are checked by their own tests
    ContentType.objects.get_for_model(Member)  # cached per process: earlier tests may have cleared it
    client = login_as(alice)
    # Two of them audit the read: the event and, in the erasable side table, the member it names.
    with django_assert_max_num_queries(15):
        assert client.get(f"/militantes/{member.pk}/").status_code == 200


# --- create / edit / status ----------------------------------------------------------------------


def form_data(territory, **overrides):
    data = {
        "id_type": "CC",
        "id_number": "1.098.765.432",
        "first_names": "maría  fernanda",
        "last_names": "LÓPEZ",
        "birth_date": "1990-04-12",
        "sex": "F",
        "phone": "3205556677",
        "email": "mafe@example.org",
        "address": "Cra 43 # 10-20",
        "territory": territory.pk,
        "joined_on": timezone.localdate().isoformat(),
        "consent_date": timezone.localdate().isoformat(),
        "consent_channel": "paper",
        "consent_evidence": "Caja 3",
    }
    data.update(overrides)
    return data


def test_a_coordinator_registers_a_member(login_as, bob, medellin):
    response = login_as(bob).post("/militantes/nuevo/", form_data(medellin))
    member = Member.objects.get()
    assert response.status_code == 302
    assert response.url == f"/militantes/{member.pk}/"
    assert member.id_number == "1098765432"
    assert member.first_names == "María Fernanda"
    assert member.created_by == bob
    assert AuditEvent.objects.filter(action="create", object_id=str(member.pk)).exists()


def test_the_create_form_answers_bad_input_in_spanish(login_as, bob, medellin, bogota):
    client = login_as(bob)
    body = client.post(
        "/militantes/nuevo/",
        form_data(medellin, id_number="12-AB", first_names="", birth_date="2090-01-01", email="no-es-correo"),
    ).content.decode()
    assert "Nombres: este campo es obligatorio." in body
    assert "Correo electrónico: ingrese una dirección de correo válida." in body
    assert not Member.objects.exists()
    body = client.post("/militantes/nuevo/", form_data(medellin, id_number="12-AB")).content.decode()
    assert "Número de documento: una cédula tiene solo dígitos." in body
    body = client.post("/militantes/nuevo/", form_data(bogota)).content.decode()
    assert "Municipio: elija una opción válida." in body  # out of scope: not even offered
    assert not Member.objects.exists()


def test_the_create_form_checks_the_photo_by_content(login_as, bob, medellin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    body = login_as(bob).post("/militantes/nuevo/", {**form_data(medellin), "photo": fake}).content.decode()
    assert "Foto:" in body
    assert not Member.objects.exists()


def test_editing_a_member_is_audited(login_as, bob, member):
    client = login_as(bob)
    assert client.get(f"/militantes/{member.pk}/editar/").status_code == 200
    data = form_data(member.territory, id_number=member.id_number, first_names="José", last_names="Pérez Gómez")
    response = client.post(f"/militantes/{member.pk}/editar/", data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="update", object_id=str(member.pk))
    assert event.actor == bob
    assert event.shown_changes["phone"] == ["", "+573205556677"]


def test_changing_status_from_the_page(login_as, bob, member):
    client = login_as(bob)
    body = client.post(
        f"/militantes/{member.pk}/estado/", {"to_status": "renuncio", "reason": "", "effective_date": ""}
    ).content.decode()
    assert "Motivo: este campo es obligatorio." in body
    response = client.post(
        f"/militantes/{member.pk}/estado/",
        {"to_status": "renuncio", "reason": "Renuncia voluntaria por escrito", "effective_date": "2026-01-02"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == Member.Status.RESIGNED
    assert member.status_changes.get().note == "Renuncia voluntaria por escrito"


def test_an_anonymized_record_says_so(login_as, alice, member):
    Member.objects.filter(pk=member.pk).update(anonymized_at=timezone.now())
    body = login_as(alice).get(f"/militantes/{member.pk}/").content.decode()
    assert "Este registro fue anonimizado" in body


def test_the_territory_filter_offers_divipola_codes(login_as, alice, antioquia):
    body = login_as(alice).get("/militantes/").content.decode()
    assert 'value="05"' in body


def test_an_anonymized_member_offers_no_status_change(login_as, bob, member):
    from django.utils import timezone

    Member.objects.filter(pk=member.pk).update(anonymized_at=timezone.now())
    client = login_as(bob)
    page = client.get(f"/militantes/{member.pk}/").content.decode()
    assert f"/militantes/{member.pk}/estado/" not in page
    body = client.post(
        f"/militantes/{member.pk}/estado/",
        {"to_status": "renuncio", "reason": "Renuncia voluntaria por escrito", "effective_date": "2026-01-02"},
    ).content.decode()
    assert "Este registro fue anonimizado; su estado ya no cambia." in body
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE
    assert not member.status_changes.exists()


def status_page_of_anonymized(login_as, user, member) -> str:
    Member.objects.filter(pk=member.pk).update(anonymized_at=timezone.now())
    response = login_as(user).get(f"/militantes/{member.pk}/estado/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_status_page_of_an_anonymized_member_renders_no_form(login_as, bob, member):
    forms = forms_of(status_page_of_anonymized(login_as, bob, member))
    assert [f for f in forms if {"to_status", "reason", "effective_date"} & f.names] == []
    assert [b.text.strip() for f in forms for b in f.buttons if "Cambiar estado" in b.text] == []


def test_the_status_page_of_an_anonymized_member_says_why(login_as, bob, member):
    body = status_page_of_anonymized(login_as, bob, member)
    assert "Este registro fue anonimizado; su estado ya no cambia." in body


def test_the_status_page_of_a_merged_member_says_why_and_renders_no_form(login_as, bob, member, medellin):
    kept = MemberFactory(territory=medellin)
    Member.objects.filter(pk=member.pk).update(merged_into=kept)
    body = login_as(bob).get(f"/militantes/{member.pk}/estado/").content.decode()
    assert "Este registro fue fusionado con otro; cambie el estado allá." in body
    assert [f for f in forms_of(body) if "to_status" in f.names] == []
