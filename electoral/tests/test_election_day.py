import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.tests.search import search
from electoral.models import Incident, PollWatcher, WatcherAssignment
from electoral.selectors import coverage_board
from electoral.services.watchers import assignment_checkin, assignments_create
from electoral.tests.factories import make_watcher

pytestmark = pytest.mark.django_db
S = PollWatcher.Status


@pytest.fixture
def covered(bob, election, geo, medellin):
    """Two of the three tables of Medellín's priority place are covered; one watcher checked in present."""
    one = make_watcher(election, medellin, status=S.ACCREDITED, last_names="Uno")
    two = make_watcher(election, medellin, status=S.ACCREDITED, last_names="Dos")
    tables = geo["tables"]
    first, _second = assignments_create(
        actor=bob, election=election, pairs=[(one, tables["05001-P1-M1"]), (two, tables["05001-P1-M2"])]
    )
    assignment_checkin(actor=bob, assignment=first, present=True)
    return one, two


def test_the_coverage_board_counts_tables_and_voters(secretary, election, geo, covered):
    board = coverage_board(secretary, election, geo["root"])
    assert (board.tables, board.covered, board.registered, board.registered_covered) == (12, 2, 1200, 200)
    assert board.present == 1
    first = board.places[0]
    # Uncovered priority places first: Medellín P1 (priority, 1 table uncovered) ranks before the covered ones.
    assert first["is_priority"]
    assert first["uncovered"] >= 1
    assert {p["code"]: p["covered"] for p in board.places}["05001-P1"] == 2


def test_the_coverage_board_is_scoped(charlie, sec_antioquia, election, geo, covered):
    board = coverage_board(sec_antioquia, election, geo["root"])
    assert board.tables == 6
    assert board.covered == 2
    assert all(p["code"].startswith("05001") for p in board.places)
    assert coverage_board(charlie, election, geo["root"]).tables == 0  # Cundinamarca has no tables here


def test_bulk_assignment_from_the_board(login_as, bob, election, geo, medellin):
    watchers = [make_watcher(election, medellin, status=S.ACCREDITED) for _ in range(3)]
    place = geo["places"]["05001-P2"]
    tables = list(place.children.order_by("code"))
    client = login_as(bob)
    url = reverse("electoral:assign-place", args=[election.pk, place.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "selected" in page.content.decode()
    data = {"watcher": [w.pk for w in watchers]}
    data.update({f"table_{t.pk}": w.pk for t, w in zip(tables, watchers, strict=True)})
    assert client.post(url, data).status_code == 302
    assert WatcherAssignment.objects.filter(unit__in=tables, active=True).count() == 3


def test_the_checkin_page_marks_presence_with_htmx(login_as, bob, election, covered):
    one, _two = covered
    client = login_as(bob)
    url = reverse("electoral:checkin", args=[election.pk])
    page = search(client, url, q="Dos")
    assert page.status_code == 200
    assert "Dos" in page.content.decode()
    assignment = WatcherAssignment.objects.get(watcher=_two)
    response = client.post(url, {"assignment": assignment.pk, "present": "0", "time": "07:40"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Ausente" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.checkin == "absent"
    assert assignment.checkin_at.strftime("%H:%M") in ("07:40", "12:40")


def test_the_checkin_search_finds_a_watcher_by_document(login_as, bob, election, covered):
    one, _two = covered
    page = search(login_as(bob), reverse("electoral:checkin", args=[election.pk]), q=one.id_number)
    assert [a.watcher_id for a in page.context["rows"]] == [one.pk]


def test_the_checkin_search_keeps_the_document_out_of_the_address(login_as, bob, election, covered):
    one, _two = covered
    page = search(login_as(bob), reverse("electoral:checkin", args=[election.pk]), q=one.id_number)
    assert one.id_number not in page.redirect_chain[-1][0]


def test_the_checkin_page_ignores_a_document_in_the_address(login_as, bob, election, covered):
    one, _two = covered
    page = login_as(bob).get(reverse("electoral:checkin", args=[election.pk]), {"q": one.id_number})
    assert len(page.context["rows"]) == 2


def test_a_checkin_without_htmx_comes_back_to_the_same_search(login_as, bob, election, covered):
    one, _two = covered
    client = login_as(bob)
    found = search(client, reverse("electoral:checkin", args=[election.pk]), q=one.id_number)
    results_url = found.redirect_chain[-1][0]
    assignment = WatcherAssignment.objects.get(watcher=one)
    response = client.post(results_url, {"assignment": assignment.pk, "present": "1"})
    assert response.url == results_url


def test_an_outsider_cannot_check_in(login_as, charlie, election, covered):
    assignment = WatcherAssignment.objects.get(watcher=covered[0])
    response = login_as(charlie).post(
        reverse("electoral:checkin", args=[election.pk]), {"assignment": assignment.pk, "present": "1"}
    )
    assert response.status_code == 404


def test_incidents_with_photo_checked_by_content(login_as, bob, election, geo):
    client = login_as(bob)
    url = reverse("electoral:incident-create", args=[election.pk])
    fake = SimpleUploadedFile("foto.jpg", b"not really a jpeg", content_type="image/jpeg")
    data = {
        "place_code": "05001-P1",
        "table_code": "05001-P1-M1",
        "occurred_at": "2027-10-26T09:30",
        "kind": "material",
        "description": "No llegaron los formularios E-14",
    }
    response = client.post(url, {**data, "photo": fake})
    assert response.status_code == 200
    assert not Incident.objects.exists()
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    photo = SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")
    assert client.post(url, {**data, "photo": photo}).status_code == 302
    incident = Incident.objects.get()
    assert incident.table.code == "05001-P1-M1"
    assert incident.reported_by == bob
    assert incident.photo


def test_an_incident_outside_the_scope_is_refused(login_as, bob, election, geo):
    response = login_as(bob).post(
        reverse("electoral:incident-create", args=[election.pk]),
        {"place_code": "11001-P1", "occurred_at": "2027-10-26T09:30", "kind": "other", "description": "x"},
    )
    assert response.status_code == 200
    assert "no existe o está fuera de su alcance" in response.content.decode()
