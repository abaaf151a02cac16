"""Opinion polls: the form as the secretary fills it, the refusal rules, the CSV import, scope and queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from core.tests.queries import at_most_queries
from electoral.models import Poll, PollResult
from electoral.services.polls import poll_save, polls_import
from electoral.tests.factories import make_options
from electoral.tests.html_forms import RenderedForm

pytestmark = pytest.mark.django_db

VALUES = {
    "pollster": "Invamer",
    "field_start": date(2027, 9, 1),
    "field_end": date(2027, 9, 5),
    "published_on": date(2027, 9, 8),
    "sample_size": 1200,
    "method": Poll.Method.TELEPHONE,
    "margin_of_error": Decimal("2.8"),
    "population": "Adultos de Medellín",
    "territory": None,
    "notes": "",
}


def rows(*pairs):
    return [{"label": label, "percent": Decimal(str(p)), "is_undecided": False} for label, p in pairs]


def test_it_records_a_poll_from_the_form_the_page_renders(client, login_as, secretary, election):
    make_options(election)
    login_as(secretary)
    url = reverse("electoral:poll-create", args=[election.pk])
    form = RenderedForm(client.get(url).content.decode(), containing="pollster")
    form.set("pollster", "Invamer").set("field_start", "2027-09-01").set("field_end", "2027-09-05")
    form.set("published_on", "2027-09-08").set("sample_size", "1200").set("method", "telephone")
    form.set("margin_of_error", "2.8").set("population", "Adultos")
    form.set("results-0-percent", "41.5").set("results-1-percent", "38").set("results-2-percent", "20.5")
    response = client.post(url, form.data)
    poll = Poll.objects.get()
    assert response.url == reverse("electoral:poll-detail", args=[election.pk, poll.pk])


def test_the_form_links_results_to_ballot_options(client, login_as, secretary, election):
    options = make_options(election)
    login_as(secretary)
    url = reverse("electoral:poll-create", args=[election.pk])
    form = RenderedForm(client.get(url).content.decode(), containing="pollster")
    form.set("pollster", "CNC").set("field_start", "2027-09-01").set("field_end", "2027-09-05")
    form.set("published_on", "2027-09-08").set("sample_size", "800").set("method", "online")
    form.set("margin_of_error", "3.5").set("population", "Adultos")
    form.set("results-0-percent", "41.5").set("results-1-percent", "38").set("results-2-percent", "20.5")
    client.post(url, form.data)
    assert PollResult.objects.get(label="Nuestro partido").option == options["own"]


def test_the_form_refuses_a_sample_of_zero_naming_the_field(client, login_as, secretary, election):
    make_options(election)
    login_as(secretary)
    url = reverse("electoral:poll-create", args=[election.pk])
    form = RenderedForm(client.get(url).content.decode(), containing="pollster")
    form.set("pollster", "CNC").set("field_start", "2027-09-01").set("field_end", "2027-09-05")
    form.set("published_on", "2027-09-08").set("sample_size", "0").set("method", "online")
    form.set("margin_of_error", "3.5").set("population", "Adultos").set("results-0-percent", "40")
    form.set("results-1-percent", "40").set("results-2-percent", "20")
    response = client.post(url, form.data)
    assert "Tamaño de la muestra: una encuesta pregunta al menos a una persona" in response.content.decode()


def test_the_form_refuses_results_over_100_percent(client, login_as, secretary, election):
    make_options(election)
    login_as(secretary)
    url = reverse("electoral:poll-create", args=[election.pk])
    form = RenderedForm(client.get(url).content.decode(), containing="pollster")
    form.set("pollster", "CNC").set("field_start", "2027-09-01").set("field_end", "2027-09-05")
    form.set("published_on", "2027-09-08").set("sample_size", "900").set("method", "online")
    form.set("margin_of_error", "3.5").set("population", "Adultos")
    form.set("results-0-percent", "60").set("results-1-percent", "41").set("results-2-percent", "0")
    response = client.post(url, form.data)
    assert "suman 101,0 %" in response.content.decode()


def test_a_sum_within_rounding_is_accepted(secretary, election):
    poll = poll_save(election=election, values=VALUES, results=rows(("A", 60.3), ("B", 40.2)), actor=secretary)
    assert poll.results.count() == 2


def test_a_sum_beyond_rounding_is_refused(secretary, election):
    with pytest.raises(ValidationError, match="100,5"):
        poll_save(election=election, values=VALUES, results=rows(("A", 60.3), ("B", 40.3)), actor=secretary)


def test_a_sample_of_zero_is_refused(secretary, election):
    with pytest.raises(ValidationError, match="Tamaño de la muestra"):
        poll_save(election=election, values={**VALUES, "sample_size": 0}, results=rows(("A", 50)), actor=secretary)


def test_a_refused_poll_writes_nothing(secretary, election):
    with pytest.raises(ValidationError):
        poll_save(election=election, values={**VALUES, "sample_size": 0}, results=rows(("A", 50)), actor=secretary)
    assert not Poll.objects.exists()


def test_a_coordinator_may_not_record_polls(bob, election):
    with pytest.raises(PermissionDenied):
        poll_save(election=election, values=VALUES, results=rows(("A", 50)), actor=bob)


def test_a_poll_records_an_audit_event(secretary, election):
    poll = poll_save(election=election, values=VALUES, results=rows(("A", 50)), actor=secretary)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_id=str(poll.pk)).exists()


# CSV import -------------------------------------------------------------------------------------

HEADER = "encuestadora;inicio_campo;fin_campo;publicacion;muestra;metodo;margen_error;poblacion;territorio;opcion;porcentaje\n"
GOOD = HEADER + (
    "Invamer;01/09/2027;05/09/2027;08/09/2027;1200;telefónica;2,8;Adultos;05;Nuestro partido;41,5\n"
    "Invamer;01/09/2027;05/09/2027;08/09/2027;1200;telefónica;2,8;Adultos;05;Otro partido;38\n"
    "Invamer;01/09/2027;05/09/2027;08/09/2027;1200;telefónica;2,8;Adultos;05;No sabe / no responde;20,5\n"
    "CNC;10/09/2027;12/09/2027;14/09/2027;800;en línea;3,5;Adultos;;Nuestro partido;44\n"
    "CNC;10/09/2027;12/09/2027;14/09/2027;800;en línea;3,5;Adultos;;Otro partido;40\n"
)


def test_the_import_makes_one_poll_per_pollster_and_field_work(secretary, election):
    result = polls_import(election=election, data=GOOD.encode(), actor=secretary, filename="encuestas.csv")
    assert (result.created, result.results) == (2, 5)


def test_the_import_marks_no_sabe_no_responde(secretary, election):
    polls_import(election=election, data=GOOD.encode(), actor=secretary)
    assert PollResult.objects.get(is_undecided=True).label == "No sabe / no responde"


def test_the_same_file_twice_imports_nothing_twice(secretary, election):
    polls_import(election=election, data=GOOD.encode(), actor=secretary)
    again = polls_import(election=election, data=GOOD.encode(), actor=secretary)
    assert (again.created, again.updated, PollResult.objects.count()) == (0, 2, 5)


def test_bad_rows_are_named_in_spanish_and_nothing_is_written(secretary, election):
    bad = GOOD + "Datexco;01/09/2027;05/09/2027;08/09/2027;0;telefónica;2,8;Adultos;;A;30\n"
    result = polls_import(election=election, data=bad.encode(), actor=secretary)
    assert result.errors == ["Fila 7: Tamaño de la muestra debe ser al menos 1 (se dio 0)."]


def test_a_bad_file_writes_nothing(secretary, election):
    bad = GOOD + "Datexco;31/02/2027;05/09/2027;08/09/2027;100;por correo;2,8;Adultos;;A;30\n"
    polls_import(election=election, data=bad.encode(), actor=secretary)
    assert not Poll.objects.exists()


def test_a_poll_over_100_percent_names_its_rows(secretary, election):
    bad = HEADER + (
        "Guarumo;01/09/2027;05/09/2027;08/09/2027;1000;mixta;3;Adultos;;A;70\n"
        "Guarumo;01/09/2027;05/09/2027;08/09/2027;1000;mixta;3;Adultos;;B;31\n"
    )
    result = polls_import(election=election, data=bad.encode(), actor=secretary)
    assert result.errors == [
        "Encuesta de Guarumo (filas 2, 3): Resultados: suman 101,0 %, más del 100 % más allá del redondeo (máximo 100,5 %)."
    ]


def test_a_row_contradicting_its_poll_is_named(secretary, election):
    bad = HEADER + (
        "Guarumo;01/09/2027;05/09/2027;08/09/2027;1000;mixta;3;Adultos;;A;40\n"
        "Guarumo;01/09/2027;05/09/2027;08/09/2027;999;mixta;3;Adultos;;B;31\n"
    )
    result = polls_import(election=election, data=bad.encode(), actor=secretary)
    assert result.errors == ["Fila 3: Tamaño de la muestra difieren de la fila 2 de la misma encuesta."]


def test_a_coordinator_cannot_import_into_another_territory(sec_antioquia, election):
    bad = HEADER + "Guarumo;01/09/2027;05/09/2027;08/09/2027;1000;mixta;3;Adultos;25;A;40\n"
    result = polls_import(election=election, data=bad.encode(), actor=sec_antioquia)
    assert result.errors == ["Fila 2: Territorio: fuera de su alcance."]


def test_the_import_page_shows_the_errors(client, login_as, secretary, election):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login_as(secretary)
    url = reverse("electoral:poll-import", args=[election.pk])
    bad = GOOD + "Datexco;01/09/2027;05/09/2027;08/09/2027;0;telefónica;2,8;Adultos;;A;30\n"
    response = client.post(url, {"file": SimpleUploadedFile("encuestas.csv", bad.encode())})
    assert "Fila 7: Tamaño de la muestra debe ser al menos 1" in response.content.decode()


def test_the_import_page_imports_a_good_file(client, login_as, secretary, election):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login_as(secretary)
    url = reverse("electoral:poll-import", args=[election.pk])
    client.post(url, {"file": SimpleUploadedFile("encuestas.csv", GOOD.encode())})
    assert Poll.objects.filter(election=election).count() == 2


# List, average and scope ------------------------------------------------------------------------


def test_the_list_shows_the_average_and_the_method(client, login_as, secretary, election):
    polls_import(election=election, data=GOOD.encode(), actor=secretary)
    login_as(secretary)
    page = client.get(reverse("electoral:poll-list", args=[election.pk])).content.decode()
    assert "vida media es 14 días" in page


def test_the_poll_list_runs_a_fixed_number_of_queries(client, login_as, secretary, election):
    polls_import(election=election, data=GOOD.encode(), actor=secretary)
    for n in range(10):
        poll_save(
            election=election,
            values={
                **VALUES,
                "pollster": f"Firma {n}",
                "field_end": date(2027, 9, 5 + n),
                "published_on": date(2027, 9, 20),
            },
            results=rows(("Nuestro partido", 40), ("Otro partido", 35)),
            actor=secretary,
        )
    login_as(secretary)
    url = reverse("electoral:poll-list", args=[election.pk])
    client.get(url)
    with at_most_queries(10):
        assert client.get(url).status_code == 200


def test_a_coordinator_sees_national_polls_and_their_own_only(client, login_as, secretary, charlie, election):
    polls_import(election=election, data=GOOD.encode(), actor=secretary)  # one in Antioquia, one national
    login_as(charlie)
    page = client.get(reverse("electoral:poll-list", args=[election.pk])).content.decode()
    assert ("CNC" in page, "Invamer" in page) == (True, False)


def test_a_poll_of_another_territory_is_not_found(client, login_as, secretary, charlie, election):
    polls_import(election=election, data=GOOD.encode(), actor=secretary)
    login_as(charlie)
    poll = Poll.objects.get(pollster="Invamer")
    assert client.get(reverse("electoral:poll-detail", args=[election.pk, poll.pk])).status_code == 404
