from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.dates import month_end, previous_month
from core.models import Territory
from militancia.tests.factories import MemberFactory
from targets import selectors, services
from targets.models import IndicatorValue, NationalReport, Target
from targets.pdf import national_report_pdf


@pytest.fixture
def period():
    return timezone.localdate().replace(day=1)


@pytest.mark.django_db
def test_it_computes_indicators_by_department_and_country(period, medellin, bogota, bob):
    MemberFactory(
        territory=medellin,
        joined_on=period,
        has_card=True,
        birth_date=date(1990, 1, 1),
        consent_date=period,
        address="Calle 10 # 20-30",
        phone="3001234567",
    )
    MemberFactory(territory=medellin, joined_on=date(2020, 1, 1), address="Calle 10 # 20-30", consent_date=None)
    MemberFactory(territory=bogota, joined_on=period)
    services.indicators_compute(period=period)
    antioquia = Territory.objects.get(code="05", kind="department")
    values = dict(IndicatorValue.objects.filter(territory=antioquia, period=period).values_list("indicator", "value"))
    assert values["members_total"] == 2
    assert values["members_new"] == 1
    assert values["cards_issued"] == 1
    assert values["data_completeness"] == Decimal("50.00")
    country = Territory.objects.get(kind="country")
    assert IndicatorValue.objects.get(territory=country, period=period, indicator="members_total").value == 3
    services.indicators_compute(period=period)  # idempotent upsert
    assert IndicatorValue.objects.filter(territory=antioquia, period=period, indicator="members_total").count() == 1


@pytest.mark.django_db
def test_only_national_admins_set_targets_in_their_scope(alice, bob, antioquia, cundinamarca, medellin, period):
    target = services.target_set(
        actor=alice, territory=antioquia, period=period, indicator="members_total", value=Decimal("1000")
    )
    assert target.value == 1000
    with pytest.raises(ValidationError):
        services.target_set(actor=bob, territory=antioquia, period=period, indicator="members_total", value=Decimal(1))
    from core.roles import Role
    from core.tests.factories import make_user

    regional_admin = make_user("ramiro", Role.NATIONAL_ADMIN, territories=[antioquia])
    with pytest.raises(ValidationError) as exc:
        services.target_set(
            actor=regional_admin, territory=cundinamarca, period=period, indicator="members_total", value=Decimal(5)
        )
    assert "territory" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.target_set(actor=alice, territory=medellin, period=period, indicator="members_total", value=Decimal(5))
    with pytest.raises(ValidationError):
        services.target_set(
            actor=alice, territory=antioquia, period=period, indicator="data_completeness", value=Decimal(150)
        )
    assert Target.objects.count() == 1


@pytest.mark.django_db
def test_the_dashboard_is_scoped_and_cheap(
    login_as, alice, bob, charlie, nobody, antioquia, medellin, period, django_assert_max_num_queries
):
    MemberFactory(territory=medellin, joined_on=period)
    services.indicators_compute(period=period)
    services.target_set(actor=alice, territory=antioquia, period=period, indicator="members_total", value=Decimal(2))
    client = login_as(bob)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("targets:targets-dashboard"), {"period": period.strftime("%Y-%m")})
    rows = response.context["data"]["rows"]
    assert [r["territory"].name for r in rows] == ["Antioquia"]
    assert rows[0]["cells"]["members_total"]["progress"] == 50
    assert response.context["data"]["national"] is None
    assert login_as(nobody).get(reverse("targets:targets-dashboard")).status_code == 403
    national = login_as(alice).get(reverse("targets:targets-dashboard"), {"period": period.strftime("%Y-%m")})
    assert len(national.context["data"]["rows"]) == 33
    assert national.context["data"]["national"] is not None


@pytest.mark.django_db
def test_the_dashboard_and_the_report_list_departments_in_spanish_order(login_as, alice, territories, period):
    response = login_as(alice).get(reverse("targets:targets-dashboard"), {"period": period.strftime("%Y-%m")})
    names = [row["territory"].name for row in response.context["data"]["rows"]]
    assert names.index("Córdoba") < names.index("Cundinamarca")


@pytest.mark.django_db
def test_the_national_report_pdf_lists_cordoba_before_cundinamarca(territories, period):
    from core.tests.pdf_layout import all_text

    report = services.national_report_build(report_id=services.national_report_create(period=period).pk)
    text = all_text(report.file.read())
    assert text.index("Córdoba") < text.index("Cundinamarca")


@pytest.mark.django_db
def test_setting_a_target_through_the_page(login_as, alice, bob, antioquia, period):
    data = {"territory": antioquia.pk, "indicator": "members_new", "period": period.strftime("%Y-%m"), "value": "40"}
    assert login_as(bob).post(reverse("targets:targets-set"), data).status_code == 403
    assert login_as(alice).post(reverse("targets:targets-set"), data).status_code == 302
    assert Target.objects.get().value == 40


@pytest.mark.django_db
def test_the_monthly_report_is_built_and_listed(login_as, alice, bob, medellin, period):
    from targets.tasks import national_report_build, national_report_monthly

    MemberFactory(territory=medellin, joined_on=period - timedelta(days=20))
    result = national_report_monthly()
    report = NationalReport.objects.get(pk=result["report"])
    assert report.period == previous_month()
    national_report_build(result["job"], report.pk)
    report.refresh_from_db()
    assert report.file
    assert report.generated_at
    client = login_as(alice)
    listing = client.get(reverse("targets:targets-reports"))
    assert listing.status_code == 200
    assert report in listing.context["reports"]
    download = client.get(reverse("targets:targets-report-download", args=[report.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert login_as(bob).get(reverse("targets:targets-reports")).status_code == 403
    assert login_as(bob).get(reverse("targets:targets-report-download", args=[report.pk])).status_code == 403


@pytest.mark.django_db
def test_generating_a_report_on_demand_creates_a_job(login_as, alice, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    from targets import tasks

    monkeypatch.setattr(tasks.national_report_build, "apply_async", lambda args, kwargs: sent.append(args) or _Result())
    with django_capture_on_commit_callbacks(execute=True):
        response = login_as(alice).post(reverse("targets:targets-reports"), {"period": "2026-10"})
    assert response.status_code == 302
    report = NationalReport.objects.get()
    assert report.period == date(2026, 10, 1)
    assert report.job is not None
    assert sent == [(report.job.pk, report.pk)]


class _Result:
    id = "test"


def test_the_report_pdf_renders_from_plain_data():
    pdf = national_report_pdf(
        {
            "period": "2026-10",
            "generated": "01/11/2026 05:30",
            "indicators": [("members_total", "Members"), ("members_new", "New members")],
            "rows": [
                {"territory": "Antioquia", "cells": {"members_total": {"value": "120", "target": "150"}}},
                {"territory": "Cundinamarca", "cells": {"members_total": {"value": "80", "target": ""}}},
            ],
            "national": {"members_total": {"value": "200", "target": ""}},
        }
    )
    assert pdf.startswith(b"%PDF")


@pytest.mark.django_db
def test_previous_month_and_selectors_for_the_system(period, territories):
    assert previous_month(date(2026, 1, 15)) == date(2025, 12, 1)
    data = selectors.dashboard_data(user=None, period=period)
    assert data["national"] is not None


@pytest.fixture
def drives_source():
    from militancia.indicators import (
        IndicatorSource,
        indicator_sources,
        register_indicator_source,
        unregister_indicator_source,
    )

    # Another app (carnets) may own "drives_held": put it back afterwards.
    previous = next((source for source in indicator_sources() if source.key == "drives_held"), None)
    calls = []

    def compute(start, end):
        calls.append((start, end))
        return {Territory.objects.get(code="05001").pk: 3, Territory.objects.get(code="05088").pk: 2}

    register_indicator_source(IndicatorSource(key="drives_held", label="Drives held", compute=compute))
    yield calls
    unregister_indicator_source("drives_held")
    if previous is not None:
        register_indicator_source(previous)


@pytest.mark.django_db
def test_other_apps_contribute_indicators(drives_source, alice, antioquia, period, login_as):
    services.indicators_compute(period=period)
    assert drives_source == [(period, month_end(period))]
    assert IndicatorValue.objects.get(territory=antioquia, period=period, indicator="drives_held").value == 5
    services.target_set(actor=alice, territory=antioquia, period=period, indicator="drives_held", value=Decimal(10))
    data = selectors.dashboard_data(user=alice, period=period)
    row = next(r for r in data["rows"] if r["territory"] == antioquia)
    assert row["cells"]["drives_held"]["progress"] == 50


@pytest.mark.django_db
def test_the_built_report_prints_counts_as_whole_colombian_numbers(period, medellin, alice):
    from core.tests.pdf_layout import all_text, overlapping

    for _n in range(12):
        MemberFactory(territory=medellin, joined_on=period, consent_date=period, birth_date=date(1990, 1, 1))
    services.target_set(
        actor=alice, territory=medellin.parent, period=period, indicator="members_total", value=Decimal("1234567")
    )
    report = services.national_report_build(report_id=services.national_report_create(period=period).pk)
    pdf = report.file.read()
    text = all_text(pdf)
    assert ("12\n/ 1.234.567" in text, "12.00" in text, overlapping(pdf)) == (True, False, [])
