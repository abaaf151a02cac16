import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from electoral.models import Candidate, Endorsement
from electoral.pdf import EndorsementLetterData, endorsement_letter_pdf
from electoral.services.candidates import (
    candidate_register,
    document_requirement_create,
    endorsement_approve,
    endorsement_complete,
    endorsement_document_upload,
    endorsement_issue,
    endorsement_register,
    endorsement_reject,
)
from militancia.models import Member
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "electoral"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def pdf_file(name="cedula.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def checklist(secretary, election):
    return [
        document_requirement_create(actor=secretary, election=election, name="Copia de la cédula"),
        document_requirement_create(actor=secretary, election=election, name="Hoja de vida"),
        document_requirement_create(actor=secretary, election=election, name="Foto", required=False),
    ]


@pytest.fixture
def candidate(secretary, election, medellin, checklist):
    member = MemberFactory(territory=medellin, first_names="Laura", last_names="Gómez Ruiz")
    return candidate_register(
        actor=secretary,
        election=election,
        member=member,
        office="Concejo de Medellín",
        territory=medellin,
        list_position=3,
    )


def test_it_refuses_a_candidate_who_is_not_a_member(secretary, election):
    with pytest.raises(ValidationError) as exc:
        candidate_register(actor=secretary, election=election, member=None, office="Concejo")
    assert "Solo un militante del partido puede ser candidato" in str(exc.value)
    assert not Candidate.objects.exists()


def test_it_refuses_a_non_member_in_the_form(login_as, secretary, election):
    response = login_as(secretary).post(
        reverse("electoral:candidate-create", args=[election.pk]),
        {"id_type": "CC", "id_number": "99887766", "office": "Concejo"},
    )
    assert "Solo un militante del partido puede ser candidato" in response.content.decode()
    assert not Candidate.objects.exists()


def test_it_refuses_an_inactive_member(secretary, election, medellin):
    member = MemberFactory(territory=medellin, status=Member.Status.SUSPENDED)
    with pytest.raises(ValidationError, match="no es un militante activo"):
        candidate_register(actor=secretary, election=election, member=member, office="Concejo")


def test_the_whole_endorsement_workflow(secretary, candidate, checklist):
    endorsement = candidate.endorsement
    with pytest.raises(ValidationError, match="Faltan documentos: Copia de la cédula, Hoja de vida"):
        endorsement_complete(actor=secretary, endorsement=endorsement)
    for requirement in checklist[:2]:
        document = endorsement_document_upload(
            actor=secretary, endorsement=endorsement, requirement=requirement, file=pdf_file()
        )
        assert document.uploaded_by == secretary
        assert document.uploaded_at
    endorsement_complete(actor=secretary, endorsement=endorsement)
    with pytest.raises(ValidationError, match="acta del comité"):
        endorsement_approve(actor=secretary, endorsement=endorsement, reference="")
    endorsement_approve(actor=secretary, endorsement=endorsement, reference="Acta 12 de 2027")
    endorsement = endorsement_issue(actor=secretary, endorsement=endorsement)
    assert endorsement.letter_number.startswith("AVAL-")
    endorsement_register(actor=secretary, endorsement=endorsement, reference="RNEC-2027-555")
    endorsement.refresh_from_db()
    assert endorsement.status == Endorsement.Status.REGISTERED
    assert [h.to_status for h in endorsement.history.order_by("id")] == [
        "solicitado",
        "documentos_completos",
        "aprobado_comite",
        "aval_emitido",
        "inscrito",
    ]


def test_it_refuses_to_issue_with_documents_missing(secretary, candidate, checklist):
    endorsement = candidate.endorsement
    # Reached "approved" (e.g. the checklist grew after approval): issuing is still refused.
    Endorsement.objects.filter(pk=endorsement.pk).update(status=Endorsement.Status.APPROVED)
    with pytest.raises(ValidationError) as exc:
        endorsement_issue(actor=secretary, endorsement=endorsement)
    assert "No se puede emitir el aval: faltan documentos: Copia de la cédula, Hoja de vida." in str(exc.value)
    endorsement.refresh_from_db()
    assert endorsement.status == Endorsement.Status.APPROVED
    assert not endorsement.letter_number


def test_it_refuses_skipping_steps(secretary, candidate):
    with pytest.raises(ValidationError, match="no puede pasar de «Solicitado» a «Aval emitido»"):
        endorsement_issue(actor=secretary, endorsement=candidate.endorsement)


@pytest.mark.parametrize(
    "step, extra",
    [
        (endorsement_approve, {"reference": "x"}),
        (endorsement_issue, {}),
        (endorsement_register, {"reference": "x"}),
        (endorsement_reject, {"note": "x"}),
    ],
)
def test_a_regional_coordinator_cannot_decide(bob, candidate, step, extra):
    with pytest.raises(PermissionDenied, match="Su rol no le permite"):
        step(actor=bob, endorsement=candidate.endorsement, **extra)


def test_a_regional_coordinator_uploads_documents_in_their_territory(bob, candidate, checklist):
    endorsement_document_upload(actor=bob, endorsement=candidate.endorsement, requirement=checklist[0], file=pdf_file())
    assert candidate.endorsement.documents.count() == 1


def test_an_outsider_cannot_touch_it(charlie, candidate, checklist):
    with pytest.raises(PermissionDenied):
        endorsement_document_upload(
            actor=charlie, endorsement=candidate.endorsement, requirement=checklist[0], file=pdf_file()
        )


def test_reader_cannot_move(reader, candidate):
    with pytest.raises(PermissionDenied):
        endorsement_complete(actor=reader, endorsement=candidate.endorsement)


def test_rejection_needs_a_reason(secretary, candidate):
    with pytest.raises(ValidationError, match="motivo del rechazo"):
        endorsement_reject(actor=secretary, endorsement=candidate.endorsement, note="")
    endorsement = endorsement_reject(actor=secretary, endorsement=candidate.endorsement, note="Inhabilidad")
    assert endorsement.status == Endorsement.Status.REJECTED
    assert endorsement.rejection_reason == "Inhabilidad"
    with pytest.raises(ValidationError):
        endorsement_complete(actor=secretary, endorsement=endorsement)


def test_documents_are_checked_by_content(secretary, candidate, checklist):
    fake = SimpleUploadedFile("cedula.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="verificado por su contenido"):
        endorsement_document_upload(
            actor=secretary, endorsement=candidate.endorsement, requirement=checklist[0], file=fake
        )


def test_the_detail_page_shows_missing_documents_and_the_deadline(login_as, secretary, candidate):
    response = login_as(secretary).get(
        reverse("electoral:candidate-detail", args=[candidate.election_id, candidate.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Documentos faltantes" in body
    assert "Copia de la cédula" in body


def test_the_letter_is_served_once_issued(login_as, secretary, candidate, checklist):
    client = login_as(secretary)
    url = reverse("electoral:endorsement-letter", args=[candidate.election_id, candidate.pk])
    assert client.get(url).status_code == 404
    endorsement = candidate.endorsement
    for requirement in checklist[:2]:
        endorsement_document_upload(actor=secretary, endorsement=endorsement, requirement=requirement, file=pdf_file())
    endorsement_complete(actor=secretary, endorsement=endorsement)
    endorsement_approve(actor=secretary, endorsement=endorsement, reference="Acta 3")
    endorsement_issue(actor=secretary, endorsement=endorsement)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_it_renders_the_letter_pdf():
    data = EndorsementLetterData(
        party="Partido Demostración",
        city="Medellín",
        date="01/06/2027",
        letter_number="AVAL-1-0001",
        candidate_name="Laura Gómez Ruiz",
        candidate_document="Cédula de ciudadanía 43123456",
        office="Concejo de Medellín",
        constituency="Medellín",
        election="Elecciones territoriales 2027",
        list_position="3",
        committee_reference="Acta 12 de 2027",
        signer_name="María Escobar",
        signer_title="Secretaría electoral",
    )
    content = endorsement_letter_pdf(data)
    assert content.startswith(b"%PDF")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "aval.pdf").write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(ARTIFACTS / "aval.pdf"), str(ARTIFACTS / "aval")],
        check=False,
    )
