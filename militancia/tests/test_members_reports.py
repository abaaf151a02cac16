import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.cache import cache
from django.utils import timezone

from core.models import AuditEvent
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


@pytest.fixture
def members(medellin, bogota):
    today = timezone.localdate()
    MemberFactory.create_batch(3, territory=medellin, phone="+573001234567", joined_on=today)
    MemberFactory(territory=medellin, status="renuncio", joined_on=today - timedelta(days=40))
    MemberFactory.create_batch(2, territory=bogota)


def test_the_report_counts_by_department_and_municipality(login_as, alice, members, medellin):
    response = login_as(alice).get("/militantes/informes/", {"departamento": medellin.parent_id})
    assert response.status_code == 200
    report = response.context["report"]
    rows = {r.name: (r.total, r.active) for r in report.departments}
    assert rows["Antioquia"] == (4, 3)
    assert rows["Bogotá, D.C."] == (2, 2)
    assert [(r.name, r.total) for r in response.context["municipalities"]] == [("Medellín", 4)]
    assert sum(n for _m, n in report.months) == 6
    completeness = {key: pct for key, _label, pct in report.completeness}
    assert completeness["phone"] == 50.0
    assert completeness["consent_date"] == 100.0
    body = response.content.decode()
    assert "Militantes por departamento" in body
    assert "chart.umd.min.js" in body


def test_the_report_is_scoped(login_as, bob, members):
    report = login_as(bob).get("/militantes/informes/").context["report"]
    assert [r.name for r in report.departments] == ["Antioquia"]
    assert report.total == 4


def test_the_report_downloads_as_xlsx_and_is_audited(login_as, bob, members):
    response = login_as(bob).get("/militantes/informes/descargar/")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Departamentos"
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1] == ("Antioquia", 4, 3)
    assert AuditEvent.objects.filter(action="download", actor=bob).exists()


def test_reports_permission_matrix(client, login_as, nobody, reader):
    assert client.get("/militantes/informes/").status_code == 302
    assert login_as(nobody).get("/militantes/informes/descargar/").status_code == 403
    client.logout()
    assert login_as(reader).get("/militantes/informes/").status_code == 200


def test_the_home_counter_reads_the_tallies_until_they_are_recounted(
    login_as, bob, members, django_assert_max_num_queries
):
    from militancia.dashboard import _active_members
    from militancia.services.tallies import tallies_refresh

    assert _active_members(bob) == 3  # never tallied: counted on the spot
    MemberFactory(territory=bob.scope_territories[0].children.first())
    with django_assert_max_num_queries(2):  # the freshness check and one SUM: no COUNT over members
        assert _active_members(bob) == 3
    assert tallies_refresh()["members"] == 7
    assert _active_members(bob) == 4


def test_the_national_home_counter_sums_every_territory(alice, members):
    from militancia import dashboard

    assert dashboard._active_members(alice) == 5  # 6 members, 5 of them "activo"


def test_merged_records_are_not_tallied(alice, members, medellin):
    from militancia.models import Member, MemberTally
    from militancia.services.tallies import tallies_refresh

    kept, merged = Member.objects.filter(territory=medellin, status="activo")[:2]
    Member.objects.filter(pk=merged.pk).update(merged_into=kept)
    tallies_refresh()
    assert sum(MemberTally.objects.values_list("members", flat=True)) == 5
    assert MemberTally.objects.filter(territory=medellin, status="activo").values_list("with_phone", flat=True)[0] in (
        1,
        2,
    )


def test_the_report_reads_the_tallies_and_says_how_old_they_are(login_as, bob, members, medellin):
    from militancia.models import MemberTally

    client = login_as(bob)
    assert client.get("/militantes/informes/").context["report"].total == 4
    MemberFactory(territory=medellin)
    MemberTally.objects.update(refreshed_at=timezone.now() - timedelta(minutes=7))
    response = client.get("/militantes/informes/")
    assert response.context["report"].total == 4  # the new member counts at the next recount
    assert "actualizado hace 7 minutos" in response.content.decode()


def test_refresh_asks_for_a_recount_in_the_background(login_as, bob, members, django_capture_on_commit_callbacks):
    from militancia.services.tallies import tallies_refresh
    from militancia.tasks import refresh_tallies

    client = login_as(bob)
    client.get("/militantes/informes/")
    MemberFactory(territory=bob.scope_territories[0].children.first())
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.get("/militantes/informes/", {"actualizar": "1"})
    assert response.status_code == 302 and response["Location"] == "/militantes/informes/"
    assert [c.__self__.name for c in callbacks] == [refresh_tallies.name]  # refresh_tallies.delay, queued
    page = client.get(response["Location"])
    assert "Se están contando de nuevo las cifras" in page.content.decode()
    assert page.context["report"].total == 4
    tallies_refresh()  # what the queued task runs
    assert client.get("/militantes/informes/").context["report"].total == 5


def test_only_report_readers_can_ask_for_a_recount(nobody):
    from django.core.exceptions import PermissionDenied

    from militancia.services.tallies import tallies_refresh_request

    with pytest.raises(PermissionDenied):
        tallies_refresh_request(actor=nobody)


def test_the_report_shows_when_its_figures_were_taken_as_dd_mm_yyyy(login_as, bob, members):
    now = timezone.localtime()
    body = login_as(bob).get("/militantes/informes/").content.decode()
    assert f"Cifras al {now:%d/%m/%Y}" in body


def test_the_months_of_the_report_read_month_slash_year(login_as, bob, members):
    report = login_as(bob).get("/militantes/informes/").context["report"]
    today = timezone.localdate()
    assert report.months[-1][0] == f"{today:%m/%Y}"


def test_the_downloaded_report_heads_its_count_of_active_members_in_the_plural(login_as, bob, members):
    response = login_as(bob).get("/militantes/informes/descargar/")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert next(book.worksheets[0].iter_rows(values_only=True)) == ("Departamento", "Militantes", "Activos")


def test_the_report_reads_go_through_the_reporting_alias(monkeypatch, alice):
    """The tallies are read on whatever `reporting_database()` names (here the primary under another name)."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from militancia import reports

    used = []
    monkeypatch.setattr(reports, "reporting_database", lambda: used.append(1) or "default")
    with CaptureQueriesContext(connections["default"]) as queries:
        reports.membership_report(user=alice)
    assert used and any("militancia_membertally" in q["sql"] for q in queries)
