"""The secretary's pages offer only what the workflow accepts: a step the record is not ready for
is shown disabled with its reason, histories draw statuses as badges, forms offer only valid
choices and name the field a wrong value is in."""

import pytest
from django.urls import reverse

from core.roles import Role
from core.tests.factories import make_user
from electoral.models import Milestone, PollWatcher
from electoral.services.candidates import candidate_register, document_requirement_create
from electoral.tests.factories import MilestoneFactory, make_options, make_watcher
from electoral.tests.html_forms import RenderedForm
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(secretary, election, medellin):
    document_requirement_create(actor=secretary, election=election, name="Copia de la cédula")
    member = MemberFactory(territory=medellin, first_names="Laura", last_names="Gómez Ruiz")
    return candidate_register(
        actor=secretary, election=election, member=member, office="Concejo de Medellín", territory=medellin
    )


def _page(client, name, *args) -> str:
    return client.get(reverse(f"electoral:{name}", args=args)).content.decode()


def test_an_endorsement_with_documents_missing_offers_no_complete_button(login_as, secretary, candidate):
    page = _page(login_as(secretary), "candidate-detail", candidate.election_id, candidate.pk)
    assert 'name="move" value="complete"' not in page


def test_an_endorsement_with_documents_missing_says_what_is_missing(login_as, secretary, candidate):
    page = _page(login_as(secretary), "candidate-detail", candidate.election_id, candidate.pk)
    assert 'data-pending="complete"' in page
    assert "Faltan documentos: Copia de la cédula." in page


def test_the_endorsement_history_draws_statuses_as_badges(login_as, secretary, candidate):
    page = _page(login_as(secretary), "candidate-detail", candidate.election_id, candidate.pk)
    history = page.split("Historial")[1]
    assert 'data-status="solicitado"' in history


def test_a_watcher_who_attended_no_training_has_no_train_button(login_as, secretary, election, medellin):
    watcher = make_watcher(election, medellin, status=PollWatcher.Status.CONFIRMED)
    page = _page(login_as(secretary), "watcher-detail", election.pk, watcher.pk)
    assert 'value="train"' not in page


def test_a_watcher_who_attended_no_training_is_told_why(login_as, secretary, election, medellin):
    watcher = make_watcher(election, medellin, status=PollWatcher.Status.CONFIRMED, first_names="Mario")
    page = _page(login_as(secretary), "watcher-detail", election.pk, watcher.pk)
    assert "Mario Restrepo aún no ha asistido a ninguna capacitación." in page


def test_the_watcher_form_names_a_wrong_phone(login_as, secretary, election, medellin):
    client = login_as(secretary)
    url = reverse("electoral:watcher-create", args=[election.pk])
    form = RenderedForm(client.get(url).content.decode(), containing="phone")
    form.set("id_number", "1020304050").set("first_names", "Mario").set("last_names", "Testigo")
    form.set("territory", str(medellin.pk)).set("phone", "abc")
    response = client.post(url, form.data)
    assert response.context["form"].errors["phone"] == [
        "El teléfono debe tener 7 o 10 dígitos (o empezar por + y el indicativo del país)."
    ]


def test_the_milestone_status_form_offers_only_other_statuses(login_as, secretary, election):
    milestone = MilestoneFactory(election=election)
    page = _page(login_as(secretary), "milestone-detail", election.pk, milestone.pk)
    status = RenderedForm(page, containing="status")
    assert status.data["status"] != Milestone.Status.PENDING


def test_a_milestone_is_assigned_only_to_people_who_can_open_it(login_as, secretary, election):
    designer = make_user("diseno", Role.COMMS_PROFESSIONAL)
    page = _page(login_as(secretary), "milestone-create", election.pk)
    assert f'value="{designer.pk}"' not in page.split('name="responsible"')[1].split("</select>")[0]


def test_whoever_typed_the_first_entry_is_not_offered_the_second(login_as, secretary, election, geo):
    make_options(election)
    table = geo["tables"]["05001-P1-M1"]
    client = login_as(secretary)
    url = reverse("electoral:tally-entry", args=[election.pk])
    form = RenderedForm(client.get(url, {"table": table.code}).content.decode(), containing="table_code")
    for name in [n for n in form.names if n.startswith("option_")]:
        form.set(name, "1")
    client.post(url, form.data)
    page = client.get(url, {"table": table.code}).content.decode()
    assert 'name="table_code"' not in page


def test_before_the_election_there_is_no_evaluation_form(login_as, secretary, election, medellin):
    watcher = make_watcher(election, medellin, status=PollWatcher.Status.CONFIRMED)
    page = _page(login_as(secretary), "watcher-detail", election.pk, watcher.pk)
    assert 'value="evaluate"' not in page


def test_before_the_election_the_page_says_when_the_evaluation_comes(login_as, secretary, election, medellin):
    watcher = make_watcher(election, medellin, status=PollWatcher.Status.CONFIRMED)
    page = _page(login_as(secretary), "watcher-detail", election.pk, watcher.pk)
    assert f"La evaluación se registra después de la elección ({election.date:%d/%m/%Y})." in page
