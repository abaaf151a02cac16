"""Page flows not covered elsewhere: milestone status with evidence, results upload, ballot, tally entry."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Job
from electoral.models import BallotOption, Milestone, ResultImport, TallyCapture
from electoral.tests.factories import MilestoneFactory, make_options

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_the_secretary_completes_a_milestone_with_evidence(login_as, secretary, election):
    milestone = MilestoneFactory(election=election)
    url = reverse("electoral:milestone-detail", args=[election.pk, milestone.pk])
    client = login_as(secretary)
    fake = SimpleUploadedFile("acta.pdf", b"GIF89a not a pdf")
    response = client.post(url, {"action": "status", "status": "cumplido", "evidence": fake})
    assert "verificado por su contenido" in response.content.decode()
    assert Milestone.objects.get(pk=milestone.pk).status == Milestone.Status.PENDING
    good = SimpleUploadedFile("acta.pdf", PDF)
    assert client.post(url, {"action": "status", "status": "cumplido", "evidence": good}).status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.DONE
    assert milestone.evidence


def test_a_reader_cannot_change_a_milestone(login_as, reader, election):
    milestone = MilestoneFactory(election=election)
    url = reverse("electoral:milestone-detail", args=[election.pk, milestone.pk])
    assert login_as(reader).post(url, {"action": "status", "status": "cumplido"}).status_code == 403


def test_uploading_results_queues_a_job(login_as, secretary, election, django_capture_on_commit_callbacks):
    client = login_as(secretary)
    upload = SimpleUploadedFile("resultados.csv", b"MESA;CODIGO OPCION;VOTOS\n05001-P1-M1;001;3\n")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("electoral:results", args=[election.pk]), {"file": upload})
    item = ResultImport.objects.get()
    assert response.status_code == 302
    assert item.job.status == Job.Status.QUEUED
    assert len(callbacks) == 1
    page = client.get(reverse("electoral:result-import", args=[election.pk, item.pk]))
    assert page.status_code == 200
    assert "job-progress" in page.content.decode()


def test_coordinators_cannot_upload_results(login_as, bob, election):
    upload = SimpleUploadedFile("resultados.csv", b"MESA;CODIGO OPCION;VOTOS\n")
    assert login_as(bob).post(reverse("electoral:results", args=[election.pk]), {"file": upload}).status_code == 403


def test_the_ballot_page_adds_an_option(login_as, secretary, election):
    response = login_as(secretary).post(
        reverse("electoral:ballot", args=[election.pk]),
        {"code": "001", "name": "Nuestro partido", "party": "", "kind": "party", "is_own": "on"},
    )
    assert response.status_code == 302
    assert BallotOption.objects.get().is_own


def test_double_entry_from_the_page(login_as, secretary, secretary2, election, geo):
    options = make_options(election)
    url = reverse("electoral:tally-entry", args=[election.pk])
    data = {"table_code": "05001-P1-M1", **{f"option_{o.pk}": "1" for o in options.values()}}
    assert login_as(secretary).post(url, data).status_code == 302
    assert TallyCapture.objects.get().status == TallyCapture.Status.AWAITING_SECOND
    assert login_as(secretary2).post(url, data).status_code == 302
    assert TallyCapture.objects.get().status == TallyCapture.Status.ACCEPTED


def test_the_coverage_board_filters_uncovered_places(login_as, secretary, election, geo):
    response = login_as(secretary).get(reverse("electoral:coverage", args=[election.pk]), {"uncovered": "1"})
    assert response.status_code == 200
    assert "Puesto 1 Medellín" in response.content.decode()


def test_every_form_page_renders(login_as, secretary, election, geo, medellin):
    from django.utils import timezone

    from electoral.services.watchers import training_create
    from electoral.tests.factories import make_watcher

    watcher = make_watcher(election, medellin)
    milestone = MilestoneFactory(election=election)
    session = training_create(
        actor=secretary,
        election=election,
        territory=medellin,
        starts_at=timezone.now(),
        place="Sede",
        topic="Escrutinio",
        trainer="Ana",
    )
    make_options(election)
    e = election.pk
    client = login_as(secretary)
    urls = [
        reverse("electoral:election-create"),
        reverse("electoral:election-edit", args=[e]),
        reverse("electoral:milestone-create", args=[e]),
        reverse("electoral:milestone-copy", args=[e]),
        reverse("electoral:milestone-detail", args=[e, milestone.pk]),
        reverse("electoral:candidate-create", args=[e]),
        reverse("electoral:watcher-create", args=[e]),
        reverse("electoral:watcher-detail", args=[e, watcher.pk]),
        reverse("electoral:assign-one", args=[e]),
        reverse("electoral:assign-place", args=[e, geo["places"]["05001-P1"].pk]),
        reverse("electoral:training-detail", args=[e, session.pk]),
        reverse("electoral:checkin", args=[e]),
        reverse("electoral:incident-create", args=[e]),
        reverse("electoral:tally-entry", args=[e]) + "?table=05001-P1-M1",
        reverse("electoral:watcher-directory"),
        reverse("electoral:geography-import"),
        reverse("electoral:unit-list") + f"?parent={geo['m05'].pk}",
        reverse("electoral:milestone-calendar", args=[e]) + "?y=2027&m=13",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Traceback" not in response.content.decode()
