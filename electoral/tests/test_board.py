"""The where-to-work board against a small known data set (figures computed by hand below).

Medellín has two polling places of 300 registered voters (3 tables × 100) each:
- P1: last election 150 cast of 300 (turnout 0.5), 14 of 140 valid ours (10 %); before 20/100 (20 %);
- P2: 200 cast of 300, 60 of 200 ours (30 %); before 25/100 (25 %).
Antioquia's target share is the 90th percentile of [10 %, 30 %] → 30 %, so
P1's potential = 300 × 0.5 × (0.30 − 0.10) = 30 votes; P2's = 0 (at the target).
Medellín: 74 of 340 valid ours (21.8 %), before 45/200 (22.5 %) → trend −0.7 points;
3 active members (a suspended one is not counted); coverage (0.5 × 300 + 0.25 × 300) / 600 = 37.5 %.
"""

import csv
import io

import pytest
from django.urls import reverse

from core.models import AuditEvent
from electoral.field_figures import field_figures, register_field_figures, unregister_field_figures
from electoral.models import PlaceBoard
from electoral.selectors import coverage_board
from electoral.selectors.board import Level, board
from electoral.services.board import board_refresh_run, results_elections
from electoral.tests.board_data import build_board_data, fake_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(geo, medellin, bogota):
    provider = fake_provider(geo)
    register_field_figures(provider)
    built = build_board_data(geo, medellin, bogota)
    board_refresh_run(election_id=built["target"].pk)
    yield {**built, "geo": geo}
    unregister_field_figures(provider)


def place_row(data, code):
    return PlaceBoard.objects.get(election=data["target"], place=data["geo"]["places"][code])


def test_it_takes_the_last_election_with_results_and_the_one_before(data):
    assert results_elections(election=data["target"]) == (data["last"], data["previous"])


def test_the_potential_of_a_place_is_registered_times_turnout_times_room(data):
    assert place_row(data, "05001-P1").potential == 30


def test_a_place_at_the_target_has_no_potential(data):
    assert place_row(data, "05001-P2").potential == 0


def test_the_target_is_the_best_places_share_in_the_department(data):
    assert place_row(data, "05001-P1").target_share == pytest.approx(0.30)


def test_the_registered_voters_come_from_the_tables(data):
    assert place_row(data, "05001-P1").registered == 300


def test_the_board_takes_the_field_figures_from_the_registry(data):
    assert (place_row(data, "05001-P1").supporters, place_row(data, "05001-P1").opponents) == (5, 2)


def test_without_a_provider_the_field_figures_are_zeros():
    assert field_figures([7]) == {
        7: {"supporters": 0, "opponents": 0, "undecided": 0, "contacts": 0, "attempts": 0, "coverage": 0.0}
    }


def test_members_of_a_shared_territory_are_not_given_to_one_place(data):
    assert place_row(data, "05001-P1").members is None


def municipality(data, user, territory):
    result = board(user, data["target"], territory, Level.MUNICIPALITY)
    return next(r for r in result.rows if r.code == "05001")


def test_the_municipality_adds_up_its_places(data, secretary, antioquia):
    row = municipality(data, secretary, antioquia)
    assert (row.registered, row.own_votes, row.valid, row.potential) == (600, 74, 340, 30)


def test_the_municipality_counts_its_active_members_once(data, secretary, antioquia):
    assert municipality(data, secretary, antioquia).members == 3


def test_the_municipality_trend_is_against_the_earlier_election(data, secretary, antioquia):
    assert municipality(data, secretary, antioquia).trend_points == -0.7


def test_the_municipality_coverage_is_weighted_by_registered_voters(data, secretary, antioquia):
    assert municipality(data, secretary, antioquia).coverage_pct == 37.5


def test_the_municipality_turnout_is_over_the_registered_of_that_election(data, secretary, antioquia):
    assert municipality(data, secretary, antioquia).turnout_pct == 58.3


def test_the_department_level_rolls_up_members_by_municipality(data, secretary):
    result = board(secretary, data["target"], None, Level.DEPARTMENT)
    assert {r.code: r.members for r in result.rows} == {"05": 3, "11": 1}


def test_the_places_are_ranked_by_potential(data, secretary, antioquia):
    result = board(secretary, data["target"], antioquia, Level.PLACE)
    assert [r.code for r in result.rows] == ["05001-P1", "05001-P2"]


# Scope ----------------------------------------------------------------------------------------


def test_a_coordinator_sees_only_their_territory(data, bob):
    result = board(bob, data["target"], None, Level.PLACE)
    assert sorted(r.code for r in result.rows) == ["05001-P1", "05001-P2"]


def test_a_coordinators_board_opens_on_their_department(client, login_as, data, bob):
    login_as(bob)
    page = client.get(reverse("electoral:board", args=[data["target"].pk])).content.decode()
    assert "Dónde trabajar · Antioquia" in page


def test_a_territory_out_of_scope_is_not_found(client, login_as, data, charlie):
    login_as(charlie)
    response = client.get(reverse("electoral:board", args=[data["target"].pk]), {"territory": "05"})
    assert response.status_code == 404


def test_the_coordinator_totals_leave_other_territories_out(client, login_as, data, charlie):
    login_as(charlie)
    page = client.get(reverse("electoral:board", args=[data["target"].pk])).content.decode()
    assert 'id="total-registered">0<' in page


# Page, queries, export, watchers --------------------------------------------------------------


def test_the_page_documents_the_formula(client, login_as, data, secretary):
    login_as(secretary)
    page = client.get(reverse("electoral:board", args=[data["target"].pk]), {"territory": "05"}).content.decode()
    assert "Potencial = votantes inscritos × participación × margen de crecimiento" in page


@pytest.mark.parametrize(
    ("territory", "level", "limit"),
    [("05", "place", 11), ("05", "section", 10), ("05", "municipality", 10), ("", "department", 10)],
)
def test_the_board_runs_a_fixed_number_of_queries(
    client, login_as, data, secretary, territory, level, limit, django_assert_max_num_queries
):
    """Session (4), election, territory, refresh, one aggregate (totals, rows of the grouped levels
    and the map's potential), the place rows (place level) or the parent territory of the "up" link,
    the department names of the national map, the sidebar: the map and the totals no longer query
    the board again (13 before)."""
    login_as(secretary)
    url = reverse("electoral:board", args=[data["target"].pk])
    query = {"level": level, **({"territory": territory} if territory else {})}
    client.get(url, query)
    with django_assert_max_num_queries(limit):
        assert client.get(url, query).status_code == 200


def test_the_department_map_and_totals_come_from_the_same_aggregate(data, secretary, antioquia):
    result = board(secretary, data["target"], antioquia, Level.PLACE)
    assert sum(e["potential"] for e in result.municipality_potential.values()) == result.totals.potential == 30
    assert result.municipality_potential["05001"] == {"name": "Medellín", "potential": 30}
    assert [r.potential for r in result.rows] == [30, 0]


def test_the_national_map_draws_every_department(client, login_as, data, secretary):
    login_as(secretary)
    page = client.get(reverse("electoral:board", args=[data["target"].pk])).content.decode()
    assert page.count('class="map-tile"') == 33


def export(client, data):
    url = reverse("electoral:board", args=[data["target"].pk])
    response = client.get(url, {"territory": "05", "level": "place", "export": "csv"})
    return list(csv.reader(io.StringIO(b"".join(response).decode("utf-8-sig")), delimiter=";"))


def test_the_export_has_one_line_per_place(client, login_as, data, secretary):
    login_as(secretary)
    assert [row[1] for row in export(client, data)[1:]] == ["05001-P1", "05001-P2"]


def test_the_export_neutralizes_formulas(client, login_as, data, secretary):
    place = data["geo"]["places"]["05001-P1"]
    place.name = "=HYPERLINK(1)"
    place.save()
    login_as(secretary)
    assert export(client, data)[1][0] == "'=HYPERLINK(1)"


def test_the_export_is_audited(client, login_as, data, secretary):
    login_as(secretary)
    export(client, data)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, object_id=str(data["target"].pk)).exists()


def test_watcher_assignment_orders_places_by_the_boards_potential(data, secretary):
    # Both Medellín places are priority-less after this, uncovered: P1 (potential 30) comes first.
    from electoral.models import ElectoralUnit

    ElectoralUnit.objects.update(is_priority=False)
    places = coverage_board(secretary, data["target"], data["geo"]["m05"]).places
    assert [p["code"] for p in places] == ["05001-P1", "05001-P2"]


def test_watcher_assignment_shows_the_potential(data, secretary):
    places = coverage_board(secretary, data["target"], data["geo"]["m05"]).places
    assert {p["code"]: p["potential"] for p in places} == {"05001-P1": 30, "05001-P2": 0}


def test_the_refresh_button_starts_a_job(client, login_as, data, secretary):
    from core.models import Job

    login_as(secretary)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("electoral.tasks.refresh_board.apply_async", lambda *a, **k: type("R", (), {"id": "x"})())
        client.post(reverse("electoral:board-refresh", args=[data["target"].pk]), {"territory": "05", "level": "place"})
    assert Job.objects.filter(kind="electoral.board_refresh").exists()
