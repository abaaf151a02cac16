import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from core.models import AuditEvent
from militancia.models import Member, MembershipCertificate
from militancia.pdf import CertificateData, certificate_pdf
from militancia.services import member_change_status
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(medellin):
    return MemberFactory(first_names="José", last_names="Pérez Gómez", id_number="1020304050", territory=medellin)


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_renderer_takes_plain_data():
    data = CertificateData(
        party_name="Partido de Prueba",
        title="Certificado de militancia",
        body="Se certifica que <b>Ana</b> es militante.",
        place_and_date="Expedido el 1 de enero de 2026.",
        signer_line="Secretaría",
        verify_label="Verifique",
        verify_url="https://example.org/verificar/certificado/abc/",
        code="abc",
        footer="Ley 1581 de 2012",
    )
    content = certificate_pdf(data)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Partido de Prueba" in text
    assert "Ana" in text
    assert "abc" in text


def test_a_coordinator_downloads_a_certificate_with_a_verification_code(login_as, bob, member):
    response = login_as(bob).post(f"/militantes/{member.pk}/certificado/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "José Pérez Gómez" in text
    assert "1020304050" in text
    assert "militante activo" in text
    certificate = MembershipCertificate.objects.get()
    assert certificate.code in text
    assert certificate.issued_by == bob
    event = AuditEvent.objects.get(action=AuditEvent.Action.DOWNLOAD)
    assert event.actor == bob
    assert event.object_id == str(member.pk)


def test_the_public_page_says_only_valid_or_not(client, login_as, bob, member):
    login_as(bob).post(f"/militantes/{member.pk}/certificado/")
    client.logout()
    code = MembershipCertificate.objects.get().code
    response = client.get(f"/verificar/certificado/{code}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Certificado válido" in body
    for secret in ("José", "Pérez", "1020304050", "Medellín", "Antioquia"):
        assert secret not in body
    member_change_status(member=member, actor=bob, to_status=Member.Status.RESIGNED, reason="Renuncia escrita")
    body = client.get(f"/verificar/certificado/{code}/").content.decode()
    assert "No válido" in body
    assert "Certificado válido" not in body
    body = client.get("/verificar/certificado/codigo-inventado/").content.decode()
    assert "No válido" in body
    assert not re.search(r"Pérez|1020304050", body)


def test_the_public_page_is_rate_limited(client, still_rate_limit_clock):
    statuses = [client.get(f"/verificar/certificado/x{n}/").status_code for n in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429


def test_certificate_permission_matrix(client, login_as, nobody, charlie, reader, member):
    url = f"/militantes/{member.pk}/certificado/"
    assert client.post(url).status_code == 302
    assert login_as(nobody).post(url).status_code == 403
    client.logout()
    assert login_as(reader).post(url).status_code == 403
    client.logout()
    assert login_as(charlie).post(url).status_code == 404
    assert login_as(charlie).get(url).status_code == 405
    assert not MembershipCertificate.objects.exists()


def test_no_certificate_for_an_inactive_member(login_as, alice, member):
    member_change_status(member=member, actor=alice, to_status=Member.Status.SUSPENDED, reason="Investigación")
    response = login_as(alice).post(f"/militantes/{member.pk}/certificado/", follow=True)
    assert "solo se puede expedir para un militante activo" in response.content.decode()
    assert not MembershipCertificate.objects.exists()


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")), reason="poppler-utils/zbar missing")
def test_the_qr_code_reads_back_as_the_verification_url(tmp_path):
    data = CertificateData(
        party_name="Partido",
        title="Certificado",
        body="Texto",
        place_and_date="Hoy",
        signer_line="Firma",
        verify_label="Verifique",
        verify_url="https://militancia.example.org/verificar/certificado/Zx9-abc_123/",
        code="Zx9-abc_123",
        footer="Pie",
    )
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(certificate_pdf(data))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "c")], check=True)
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "c.png")], capture_output=True, text=True)
    assert decoded.stdout.strip() == data.verify_url


def test_a_certificate_with_the_longest_values_draws_no_text_over_text(login_as, alice, settings):
    from core.tests.factories import territory
    from core.tests.pdf_layout import off_page, overlapping

    settings.PARTY_NAME = "Partido Alianza Democrática Amplia por la Justicia Social y la Paz de Colombia"
    longest = MemberFactory(
        first_names=("María de los Ángeles Guadalupe " * 4)[:120].strip(),  # at their maximum length
        last_names=("Rodríguez de la Espriella y Valderrama " * 4)[:120].strip(),
        id_number="1234567890",
        territory=territory("25843"),  # Villa de San Diego de Ubaté, the longest municipality name
    )
    response = login_as(alice).post(f"/militantes/{longest.pk}/certificado/")
    (ARTIFACTS := _artifacts()).mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "certificate_longest.pdf").write_bytes(response.content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(ARTIFACTS / "certificate_longest.pdf"), str(ARTIFACTS / "certificate")],
        check=False,
    )
    assert (overlapping(response.content), off_page(response.content)) == ([], [])


def _artifacts():
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "test-artifacts" / "militancia" / "pdf"
