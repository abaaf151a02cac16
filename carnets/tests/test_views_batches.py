import re
from html import unescape

import pytest

from carnets.models import Card, PrintBatch
from carnets.tests.factories import stocked_printer
from core.models import Job
from core.roles import Role
from core.tests.factories import make_user
from core.tests.permissions import ANONYMOUS, LOGIN, assert_statuses
from core.tests.queries import at_most_queries
from core.tests.search import search
from militancia.tests.factories import MemberFactory


@pytest.fixture
def printer(db):
    return stocked_printer(50)


def test_batch_pages_permission_matrix(client, nobody, bob, reader, alice, db):
    # Coordinators do not print.
    assert_statuses(client, "/carnets/lotes/", {ANONYMOUS: LOGIN, nobody: 403, bob: 403, reader: 200})
    assert_statuses(client, "/carnets/lotes/nuevo/", {reader: 403, alice: 200})


def test_the_whole_batch_flow(alice, login_as, design, medellin, printer, django_capture_on_commit_callbacks):
    MemberFactory.create_batch(3, territory=medellin)
    client = login_as(alice)
    form = {"selection": "filtros", "territory": medellin.pk, "layout": "cr80", "printer": printer.pk, "name": "Lote"}
    body = client.post("/carnets/lotes/nuevo/", form).content.decode()
    assert "3" in body
    assert not PrintBatch.objects.exists()  # the count comes first
    response = client.post("/carnets/lotes/nuevo/", {**form, "confirm": "1"})
    batch = PrintBatch.objects.get()
    assert response.url == f"/carnets/lotes/{batch.pk}/"
    assert batch.card_count == 3
    assert batch.territory == medellin
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(f"/carnets/lotes/{batch.pk}/generar/")
    batch.refresh_from_db()
    assert batch.status == "generando"
    assert batch.job.status == Job.Status.QUEUED
    assert len(callbacks) == 1
    # Run the task body in-process (the worker test runs it through Celery).
    from carnets.tasks import render_batch_pdf

    render_batch_pdf(batch.job_id, batch.pk)
    batch.refresh_from_db()
    assert batch.status == "listo"
    assert batch.job.status == Job.Status.SUCCEEDED
    download = client.get(f"/carnets/lotes/{batch.pk}/pdf/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    failed = batch.cards.first()
    client.post(f"/carnets/lotes/{batch.pk}/impreso/", {"printer": printer.pk, "failed": failed.number})
    batch.refresh_from_db()
    assert batch.status == "impreso"
    assert batch.printed_count == 2
    assert Card.objects.filter(status="impreso").count() == 2


def test_a_zero_card_selection_says_so(alice, login_as, design, medellin):
    body = (
        login_as(alice)
        .post(
            "/carnets/lotes/nuevo/", {"selection": "filtros", "territory": medellin.pk, "layout": "a4", "confirm": "1"}
        )
        .content.decode()
    )
    assert "lote vacío" in body
    assert not PrintBatch.objects.exists()


def test_a_batch_short_of_stock_says_so_before_rendering(alice, login_as, design, medellin):
    MemberFactory.create_batch(3, territory=medellin)
    small = stocked_printer(1)
    client = login_as(alice)
    body = client.post(
        "/carnets/lotes/nuevo/",
        {"selection": "filtros", "territory": medellin.pk, "layout": "cr80", "printer": small.pk},
    ).content.decode()
    assert "No hay suficiente" in body
    client.post(
        "/carnets/lotes/nuevo/",
        {"selection": "filtros", "territory": medellin.pk, "layout": "cr80", "printer": small.pk, "confirm": "1"},
    )
    batch = PrintBatch.objects.get()
    response = client.post(f"/carnets/lotes/{batch.pk}/generar/", follow=True)
    assert "No hay suficiente" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == "creado"
    assert batch.job is None


def test_a_scoped_card_user_only_selects_and_sees_in_scope(login_as, design, antioquia, medellin, bogota, printer):
    MemberFactory(territory=medellin)
    MemberFactory(territory=bogota)
    scoped = make_user("carlos", Role.CARDS, territories=[antioquia])
    client = login_as(scoped)
    # National selection is refused for a scoped user; a foreign territory is not a choice.
    body = client.post("/carnets/lotes/nuevo/", {"selection": "filtros", "layout": "cr80", "confirm": "1"})
    assert body.status_code == 200
    assert not PrintBatch.objects.exists()
    client.post(
        "/carnets/lotes/nuevo/", {"selection": "filtros", "territory": bogota.pk, "layout": "cr80", "confirm": "1"}
    )
    assert not PrintBatch.objects.exists()
    client.post(
        "/carnets/lotes/nuevo/", {"selection": "filtros", "territory": antioquia.pk, "layout": "cr80", "confirm": "1"}
    )
    batch = PrintBatch.objects.get()
    assert batch.card_count == 1
    other = make_user("carola", Role.CARDS, territories=[bogota])
    assert login_as(other).get(f"/carnets/lotes/{batch.pk}/").status_code == 404


def test_members_of_a_roster_upload_make_a_batch(alice, login_as, design, antioquia, medellin):
    from rosters.models import RosterUpload

    upload = RosterUpload.objects.create(
        file="rosters/x.xlsx", original_name="x.xlsx", sha256="0" * 64, territory=antioquia, consent_location="Sede"
    )
    MemberFactory.create_batch(2, territory=medellin, source="roster", source_ref=str(upload.pk))
    MemberFactory(territory=medellin)  # not in the roster
    login_as(alice).post(
        "/carnets/lotes/nuevo/", {"selection": "planilla", "roster": upload.pk, "layout": "a4", "confirm": "1"}
    )
    batch = PrintBatch.objects.get()
    assert batch.card_count == 2
    assert batch.selection == "planilla"
    assert batch.territory == antioquia


def test_members_of_a_drive_make_a_batch(alice, carla, login_as, design, medellin):
    from carnets.tests.factories import JornadaFactory

    jornada = JornadaFactory(territory=medellin)
    member = MemberFactory(territory=medellin)
    MemberFactory(territory=medellin)
    from carnets import services

    services.card_issue(member=member, actor=carla, jornada=jornada)
    login_as(alice).post(
        "/carnets/lotes/nuevo/", {"selection": "jornada", "jornada": jornada.pk, "layout": "cr80", "confirm": "1"}
    )
    batch = PrintBatch.objects.get()
    assert batch.card_count == 1
    assert batch.jornada == jornada


def _batch_of(alice, medellin, last_names):
    from carnets import services
    from militancia.models import Member

    members = [MemberFactory(territory=medellin, first_names="Ana", last_names=name) for name in last_names]
    return services.batch_create(
        actor=alice,
        members=Member.objects.filter(pk__in=[m.pk for m in members]),
        name="Lote",
        layout="cr80",
        selection="filtros",
    )


def _names_on(page: str) -> list[str]:
    body = page.split("<tbody>")[-1].split("</tbody>")[0]
    return [cell.split(",")[0] for cell in body.split("<td>")[2::3]]


def test_batch_cards_are_in_spanish_alphabetical_order(alice, login_as, design, medellin):
    batch = _batch_of(alice, medellin, ["Zuluaga", "Álvarez", "Núñez", "Nuñez", "Ochoa", "avendaño", "Nieto"])
    page = login_as(alice).get(f"/carnets/lotes/{batch.pk}/").content.decode()
    assert _names_on(page) == ["Álvarez", "avendaño", "Nieto", "Núñez", "Nuñez", "Ochoa", "Zuluaga"]


def test_the_batch_pdf_follows_the_same_order(alice, design, medellin):
    from carnets.rendering import iter_specs

    batch = _batch_of(alice, medellin, ["Zuluaga", "Álvarez", "Muñoz", "Munera"])
    assert [spec.last_names for spec in iter_specs(batch.cards.all())] == ["Álvarez", "Munera", "Muñoz", "Zuluaga"]


def test_a_batch_page_shows_its_cards_page_by_page(alice, login_as, design, medellin):
    batch = _batch_of(alice, medellin, [f"Apellido{i:03d}" for i in range(105)])
    client = login_as(alice)
    second = client.get(f"/carnets/lotes/{batch.pk}/", {"page": 2}).content.decode()
    assert _names_on(second) == ["Apellido100", "Apellido101", "Apellido102", "Apellido103", "Apellido104"]


def test_a_batch_page_finds_a_card_by_name(alice, login_as, design, medellin):
    batch = _batch_of(alice, medellin, ["Zuluaga", "Álvarez", "Ochoa"])
    page = search(login_as(alice), f"/carnets/lotes/{batch.pk}/", q="ochoa").content.decode()
    assert _names_on(page) == ["Ochoa"]


def test_a_batch_page_finds_a_card_by_number(alice, login_as, design, medellin):
    batch = _batch_of(alice, medellin, ["Zuluaga", "Álvarez", "Ochoa"])
    card = batch.cards.get(member__last_names="Zuluaga")
    page = search(login_as(alice), f"/carnets/lotes/{batch.pk}/", q=card.number).content.decode()
    assert _names_on(page) == ["Zuluaga"]


def test_a_batch_page_finds_a_card_by_id_number(alice, login_as, design, medellin):
    batch = _batch_of(alice, medellin, ["Zuluaga", "Álvarez", "Ochoa"])
    number = batch.cards.get(member__last_names="Ochoa").member.id_number
    page = search(login_as(alice), f"/carnets/lotes/{batch.pk}/", q=number).content.decode()
    assert _names_on(page) == ["Ochoa"]


def test_a_batch_search_keeps_the_id_number_out_of_the_address(alice, login_as, design, medellin):
    batch = _batch_of(alice, medellin, ["Zuluaga", "Álvarez", "Ochoa"])
    number = batch.cards.get(member__last_names="Ochoa").member.id_number
    response = search(login_as(alice), f"/carnets/lotes/{batch.pk}/", q=number)
    assert number not in response.redirect_chain[-1][0]


def test_a_batch_page_ignores_an_id_number_in_the_address(alice, login_as, design, medellin):
    batch = _batch_of(alice, medellin, ["Zuluaga", "Álvarez", "Ochoa"])
    number = batch.cards.get(member__last_names="Ochoa").member.id_number
    page = login_as(alice).get(f"/carnets/lotes/{batch.pk}/", {"q": number}).content.decode()
    assert _names_on(page) == ["Álvarez", "Ochoa", "Zuluaga"]


def test_a_batch_page_of_cards_is_an_audited_read_of_its_members(alice, login_as, design, medellin):
    from militancia.models import MemberAccess

    batch = _batch_of(alice, medellin, ["Zuluaga", "Álvarez", "Ochoa"])
    login_as(alice).get(f"/carnets/lotes/{batch.pk}/")
    seen = set(MemberAccess.objects.values_list("member_id", flat=True))
    assert seen == set(batch.cards.values_list("member_id", flat=True))


def test_a_batch_page_query_count_does_not_grow_with_its_cards(alice, login_as, design, medellin):
    batch = _batch_of(alice, medellin, [f"Apellido{i:03d}" for i in range(150)])
    client = login_as(alice)
    client.get(f"/carnets/lotes/{batch.pk}/")
    # The read audit (one event, one INSERT of the page's access rows) included.
    with at_most_queries(13):
        client.get(f"/carnets/lotes/{batch.pk}/")


def test_the_progress_bar_of_a_rendering_batch_reloads_the_batch_page_when_done(
    alice, login_as, design, medellin, printer, django_capture_on_commit_callbacks
):
    """The bar polls the job; once the PDF is ready it must bring the page back (the download
    link), not stay on a full bar under "Generando PDF"."""
    from carnets.tasks import render_batch_pdf

    MemberFactory.create_batch(2, territory=medellin)
    client = login_as(alice)
    form = {"selection": "filtros", "territory": medellin.pk, "layout": "cr80", "printer": printer.pk, "name": "Lote"}
    client.post("/carnets/lotes/nuevo/", {**form, "confirm": "1"})
    batch = PrintBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"/carnets/lotes/{batch.pk}/generar/")
    page = client.get(f"/carnets/lotes/{batch.pk}/").content.decode()
    poll_url = unescape(re.search(r'class="job-progress"[^>]*hx-get="([^"]+)"', page).group(1))
    batch.refresh_from_db()
    render_batch_pdf(batch.job_id, batch.pk)
    assert client.get(poll_url)["HX-Refresh"] == "true"
