"""Through the rendered pages: copying milestones twice, a third user's decision on a
mismatch, and the home counter of milestones due in seven days."""

from datetime import timedelta

import pytest
from django.utils import timezone

from electoral.models import Milestone
from electoral.tests.factories import ElectionFactory, MilestoneFactory, make_options
from electoral.tests.html_forms import RenderedForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier(election):
    source = ElectionFactory(name="Concejo 2023")
    for name in ("Inscripción de candidatos", "Entrega de avales", "Designación de testigos"):
        MilestoneFactory(election=source, name=name)
    return source


def _copy_on_the_page(client, election, source):
    url = f"/electoral/elecciones/{election.pk}/hitos/copiar/"
    form = RenderedForm(client.get(url).content.decode(), containing="source")
    form.set("source", str(source.pk))
    return client.post(url, form.data, follow=True)


def test_copying_the_same_milestones_twice_does_not_duplicate_them(login_as, secretary, election, earlier):
    client = login_as(secretary)
    _copy_on_the_page(client, election, earlier)
    _copy_on_the_page(client, election, earlier)
    assert Milestone.objects.filter(election=election).count() == 3


def test_a_second_copy_says_nothing_was_copied(login_as, secretary, election, earlier):
    client = login_as(secretary)
    _copy_on_the_page(client, election, earlier)
    body = _copy_on_the_page(client, election, earlier).content.decode()
    assert "Esos hitos ya estaban en este calendario: no se copió nada." in body


def test_a_copy_adds_only_the_milestones_missing(login_as, secretary, election, earlier):
    client = login_as(secretary)
    _copy_on_the_page(client, election, earlier)
    MilestoneFactory(election=earlier, name="Escrutinios")
    body = _copy_on_the_page(client, election, earlier).content.decode()
    assert "1 hitos copiados" in body


def _type_sheet(client, election, table, figures: list[int]):
    url = f"/electoral/elecciones/{election.pk}/resultados/actas/"
    form = RenderedForm(client.get(url, {"table": table.code}).content.decode(), containing="table_code")
    fields = sorted(name for name in form.names if name.startswith("option_"))
    for name, value in zip(fields, figures, strict=True):
        form.set(name, str(value))
    return client.post(url, form.data, follow=True)


def test_a_third_users_decision_is_reported_as_a_decision(login_as, secretary, secretary2, secretary3, election, geo):
    make_options(election)
    table = geo["tables"]["05001-P1-M1"]
    _type_sheet(login_as(secretary), election, table, [10, 20, 3, 2, 1])
    _type_sheet(login_as(secretary2), election, table, [10, 21, 3, 2, 1])
    body = _type_sheet(login_as(secretary3), election, table, [10, 21, 3, 2, 1]).content.decode()
    assert "Discrepancia decidida: el resultado de la mesa se guardó con las cifras que usted digitó." in body


def test_a_third_users_decision_does_not_claim_the_entries_matched(
    login_as, secretary, secretary2, secretary3, election, geo
):
    make_options(election)
    table = geo["tables"]["05001-P1-M1"]
    _type_sheet(login_as(secretary), election, table, [10, 20, 3, 2, 1])
    _type_sheet(login_as(secretary2), election, table, [10, 21, 3, 2, 1])
    body = _type_sheet(login_as(secretary3), election, table, [10, 21, 3, 2, 1]).content.decode()
    assert "coinciden" not in body


def _widget_value(body: str, title: str) -> str:
    card = body[body.index(title) :]
    return card.split('<p class="display-6 fw-semibold mb-0">')[1].split("</p>")[0]


@pytest.fixture
def deadlines(election):
    now = timezone.now()
    MilestoneFactory(election=election, deadline=now - timedelta(days=2))  # overdue
    MilestoneFactory(election=election, deadline=now - timedelta(days=1), status=Milestone.Status.OVERDUE)
    MilestoneFactory(election=election, deadline=now + timedelta(days=3))  # due soon
    MilestoneFactory(election=election, deadline=now + timedelta(days=20))  # later


def test_the_home_counter_of_milestones_due_in_seven_days_leaves_out_overdue_ones(login_as, secretary, deadlines):
    body = login_as(secretary).get("/").content.decode()
    assert _widget_value(body, "Hitos que vencen en 7 días") == "1"


def test_the_home_counter_of_overdue_milestones_counts_them(login_as, secretary, deadlines):
    body = login_as(secretary).get("/").content.decode()
    assert _widget_value(body, "Hitos vencidos") == "2"
