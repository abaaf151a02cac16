"""Derived totals follow every change they depend on: an option marked as ours or given another
kind on the ballot page, and a re-import of the same file (which repairs stale totals)."""

import pytest

from electoral.models import BallotOption, TableResult, UnitSummary
from electoral.tests.factories import ElectionFactory
from electoral.tests.html_forms import RenderedForm
from electoral.tests.test_results import full_rows, results_file, run_import

pytestmark = pytest.mark.django_db

# Medellín's three tables: 30 own + 60 other + 5 blank + 3 null + 2 unmarked each (90 valid).
CURRENT = dict.fromkeys(("05001-P1-M1", "05001-P1-M2", "05001-P1-M3"), (30, 60, 5, 3, 2))
# The earlier election: 20 own of 100 valid in two tables.
EARLIER = {"05001-P1-M1": (20, 80, 0, 0, 0), "05001-P1-M2": (20, 80, 0, 0, 0)}


def _mark_on_the_page(client, election, code: str, **changes) -> None:
    """Open the ballot page, click "Edit" on the option, change the form as a user would, save."""
    option = BallotOption.objects.get(election=election, code=code)
    url = f"/electoral/elecciones/{election.pk}/resultados/tarjeton/"
    page = client.get(f"{url}?edit={option.pk}")
    assert f'href="?edit={option.pk}"' in page.content.decode()
    form = RenderedForm(page.content.decode(), containing="code")
    for name, value in changes.items():
        if isinstance(value, bool):
            form.check(name, value)
        else:
            form.set(name, value)
    response = client.post(f"{url}?edit={option.pk}", form.data)
    assert response.status_code == 302, response.content.decode()[-3000:]


@pytest.fixture
def imported(secretary, election, geo):
    """Both elections imported with no option marked as ours (the import cannot know it)."""
    earlier = ElectionFactory(name="Concejo 2023")
    for target, votes in ((election, CURRENT), (earlier, EARLIER)):
        _item, result = run_import(target, secretary, results_file(full_rows(geo["tables"], votes)))
        assert result["ok"]
    return election, earlier


def test_it_counts_our_votes_once_the_option_is_marked_ours_on_the_page(login_as, secretary, imported, geo):
    election, earlier = imported
    _mark_on_the_page(login_as(secretary), earlier, "001", is_own=True)
    summary = UnitSummary.objects.get(election=earlier, unit=geo["m05"])
    assert summary.own_votes == 40


def test_each_table_gets_its_own_votes_when_the_option_is_marked_ours(login_as, secretary, imported, geo):
    election, earlier = imported
    _mark_on_the_page(login_as(secretary), earlier, "001", is_own=True)
    table = TableResult.objects.get(election=earlier, table=geo["tables"]["05001-P1-M1"])
    assert table.own_votes == 20


def test_the_comparison_uses_the_recomputed_totals(login_as, secretary, imported, geo):
    """Medellín now 90 of 270 valid (33.3 %), before 40 of 200 (20 %): +13.3 points (not +33.3)."""
    election, earlier = imported
    client = login_as(secretary)
    _mark_on_the_page(client, election, "001", is_own=True)
    _mark_on_the_page(client, earlier, "001", is_own=True)
    body = client.get(
        f"/electoral/elecciones/{election.pk}/analisis/?unit={geo['d05'].pk}&compare={earlier.pk}"
    ).content.decode()
    row = body[body.index(">Medellín</a>") :].split("</tr>")[0]
    assert '<td class="text-end">13,3</td>' in row


def test_changing_an_option_kind_on_the_page_moves_its_votes(login_as, secretary, imported, geo):
    election, _earlier = imported
    _mark_on_the_page(login_as(secretary), election, "002", kind=BallotOption.Kind.BLANK)
    table = TableResult.objects.get(election=election, table=geo["tables"]["05001-P1-M1"])
    assert (table.valid, table.blank) == (30, 65)


def test_unmarking_our_option_on_the_page_takes_its_votes_away(login_as, secretary, imported, geo):
    election, _earlier = imported
    client = login_as(secretary)
    _mark_on_the_page(client, election, "001", is_own=True)
    _mark_on_the_page(client, election, "001", is_own=False)
    assert UnitSummary.objects.get(election=election, unit=geo["m05"]).own_votes == 0


def test_a_reimport_of_the_same_file_repairs_stale_totals(secretary, imported, geo):
    """Totals left stale (the flag set behind the service's back, as older versions did) are
    repaired by importing the same file again."""
    election, _earlier = imported
    BallotOption.objects.filter(election=election, code="001").update(is_own=True)
    _item, result = run_import(election, secretary, results_file(full_rows(geo["tables"], CURRENT)))
    assert result["ok"]
    assert UnitSummary.objects.get(election=election, unit=geo["m05"]).own_votes == 90


def test_a_reimport_of_the_same_file_changes_nothing_else(secretary, imported, geo):
    election, _earlier = imported
    before = list(TableResult.objects.filter(election=election).order_by("pk").values())
    _item, result = run_import(election, secretary, results_file(full_rows(geo["tables"], CURRENT)))
    assert result["ok"]
    assert list(TableResult.objects.filter(election=election).order_by("pk").values()) == before


def test_marking_the_option_ours_in_the_admin_recomputes_too(client, secretary, imported, geo):
    from core.tests.factories import login, make_user

    election, _earlier = imported
    admin_user = make_user("root-admin")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    login(client, admin_user)
    option = BallotOption.objects.get(election=election, code="001")
    url = f"/admin/electoral/ballotoption/{option.pk}/change/"
    form = RenderedForm(client.get(url).content.decode(), containing="code")
    form.check("is_own")
    assert client.post(url, form.data).status_code == 302
    assert UnitSummary.objects.get(election=election, unit=geo["m05"]).own_votes == 90


def test_a_large_election_recomputes_in_a_job_shown_on_the_page(
    login_as, secretary, imported, geo, monkeypatch, django_capture_on_commit_callbacks
):
    from electoral.services import results

    monkeypatch.setattr(results, "RECOMPUTE_INLINE_MAX_TABLES", 1)
    election, _earlier = imported
    client = login_as(secretary)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _mark_on_the_page(client, election, "001", is_own=True)
    assert len(callbacks) == 1
    page = client.get(f"/electoral/elecciones/{election.pk}/resultados/tarjeton/").content.decode()
    assert 'id="totals-job"' in page


def test_the_recompute_job_brings_the_totals_up_to_date(
    login_as, secretary, imported, geo, monkeypatch, django_capture_on_commit_callbacks
):
    from core.models import Job
    from electoral.services import results
    from electoral.tasks import recompute_totals

    monkeypatch.setattr(results, "RECOMPUTE_INLINE_MAX_TABLES", 1)
    election, _earlier = imported
    with django_capture_on_commit_callbacks(execute=False):
        _mark_on_the_page(login_as(secretary), election, "001", is_own=True)
    job = Job.objects.get(kind=results.TOTALS_JOB_KIND)
    recompute_totals.run(job.pk, election.pk)
    assert UnitSummary.objects.get(election=election, unit=geo["m05"]).own_votes == 90
