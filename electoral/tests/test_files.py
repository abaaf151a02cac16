"""Candidate documents, milestone evidence, incident and tally-sheet photos: the link each page
renders answers the file to the people who may read it, and to nobody else."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from core.tests.files import PDF, body, file_link, jpeg_bytes
from electoral.models import Incident, TallyCapture
from electoral.services.candidates import candidate_register, document_requirement_create, endorsement_document_upload
from electoral.tests.factories import ElectionFactory, MilestoneFactory
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

PHOTO = jpeg_bytes()


def candidate_document(secretary, election, medellin, **_):
    requirement = document_requirement_create(actor=secretary, election=election, name="Copia de la cédula")
    member = MemberFactory(territory=medellin, first_names="Laura", last_names="Gómez Ruiz")
    candidate = candidate_register(
        actor=secretary, election=election, member=member, office="Concejo de Medellín", territory=medellin
    )
    document = endorsement_document_upload(
        actor=secretary,
        endorsement=candidate.endorsement,
        requirement=requirement,
        file=ContentFile(PDF, name="cedula.pdf"),
    )
    page = reverse("electoral:candidate-detail", args=[election.pk, candidate.pk])
    return document, "file", page, PDF


def milestone_evidence(antioquia, **_):
    milestone = MilestoneFactory(election=ElectionFactory(territory=antioquia))
    milestone.evidence.save("constancia.pdf", ContentFile(PDF))
    return milestone, "evidence", reverse("electoral:milestone-detail", args=[milestone.election_id, milestone.pk]), PDF


def incident_photo(election, geo, **_):
    incident = Incident(
        election=election,
        unit=geo["places"]["05001-P1"],
        table=geo["tables"]["05001-P1-M1"],
        kind=Incident.Kind.MISSING_MATERIAL,
        description="No llegaron los formularios E-14",
    )
    incident.photo.save("incidente.jpg", ContentFile(PHOTO))
    return incident, "photo", reverse("electoral:incident-list", args=[election.pk]), PHOTO


def tally_photo(election, geo, **_):
    capture = TallyCapture(election=election, table=geo["tables"]["05001-P1-M1"], first_values={})
    capture.photo.save("acta-e14.jpg", ContentFile(PHOTO))
    page = reverse("electoral:tally-entry", args=[election.pk]) + "?table=05001-P1-M1"
    return capture, "photo", page, PHOTO


# (builder, personal: each download audited)
CASES = [(candidate_document, True), (milestone_evidence, False), (incident_photo, True), (tally_photo, False)]
IDS = ["endorsement-document", "milestone-evidence", "incident-photo", "tally-photo"]


@pytest.fixture(params=CASES, ids=IDS)
def case(request, secretary, election, geo, medellin, antioquia, bob, login_as):
    build, personal = request.param
    obj, field, page, content = build(
        secretary=secretary, election=election, geo=geo, medellin=medellin, antioquia=antioquia
    )
    # The link as bob (coordinator of Antioquia) sees it on the page.
    url = file_link(login_as(bob).get(page), f"/{field}/")
    return {"obj": obj, "field": field, "url": url, "content": content, "personal": personal}


def test_it_serves_the_file_to_a_coordinator_of_the_territory(login_as, bob, case):
    response = login_as(bob).get(case["url"])
    assert (response.status_code, body(response)) == (200, case["content"])


def test_the_page_links_to_the_protected_view(case):
    obj = case["obj"]
    assert case["url"] == f"/archivos/electoral/{obj._meta.model_name}/{obj.pk}/{case['field']}/"


def test_it_sends_anonymous_users_to_log_in(case):
    response = Client().get(case["url"])
    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("core:login"))


def test_it_forbids_a_user_without_role(login_as, nobody, case):
    assert login_as(nobody).get(case["url"]).status_code == 403


def test_it_hides_the_file_from_a_coordinator_of_another_territory(login_as, charlie, case):
    assert login_as(charlie).get(case["url"]).status_code == 404


def test_personal_files_are_audited_once_per_download(login_as, bob, case):
    before = AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).count()
    login_as(bob).get(case["url"])
    added = AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).count() - before
    assert added == (1 if case["personal"] else 0)


def test_a_read_only_user_cannot_open_a_tally_sheet_photo(login_as, reader, election, geo):
    capture, field, _page, _content = tally_photo(election=election, geo=geo)
    assert login_as(reader).get(capture.photo.url).status_code == 403


# --- import files: national users follow every import, others only their own -------------------

XLSX = b"PK\x03\x04 geography bytes"


@pytest.fixture(params=["geography-file", "geography-errors", "results-file", "results-errors"])
def import_file(request, election):
    from electoral.models import GeographyImport, ResultImport

    kind, field = request.param.split("-")
    field = {"file": "file", "errors": "error_report"}[field]
    item = GeographyImport(original_name="divipole.xlsx") if kind == "geography" else ResultImport(election=election)
    getattr(item, field).save("archivo.xlsx", ContentFile(XLSX))
    if field == "error_report":
        item.file.save("origen.xlsx", ContentFile(b"PK"))
    return getattr(item, field).url


def test_the_national_secretary_gets_an_import_file(login_as, secretary, import_file):
    response = login_as(secretary).get(import_file)
    assert (response.status_code, body(response)) == (200, XLSX)


def test_anonymous_users_are_sent_to_log_in_for_an_import_file(import_file):
    assert Client().get(import_file).status_code == 302


def test_a_user_without_role_cannot_open_an_import_file(login_as, nobody, import_file):
    assert login_as(nobody).get(import_file).status_code == 403


def test_a_coordinator_does_not_find_someone_else_s_import(login_as, bob, import_file):
    assert login_as(bob).get(import_file).status_code == 404
