"""Piece attachments and monthly reports through the protected view: internal files, served only
to the communications team and those who read its work. Their pages link to their own download
views (tested with them); these tests use `.url`, the address any template or serializer gets."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from comunicaciones.models import MonthlyReport, PieceAttachment, Stage
from comunicaciones.tests.factories import PNG, PieceFactory, professional
from core.tests.files import PDF, body

pytestmark = pytest.mark.django_db


def piece_attachment(paula, antioquia):
    piece = PieceFactory(author=paula, territory=antioquia)
    attachment = PieceAttachment(
        piece=piece,
        stage=Stage.DESIGN,
        original_name="arte final.png",
        kind=PieceAttachment.Kind.IMAGE,
        content_type="image/png",
        size=len(PNG),
        sha256="0" * 64,
        uploaded_by=paula,
    )
    attachment.file.save("arte.png", ContentFile(PNG))
    return attachment


def test_the_team_gets_a_piece_attachment(login_as, paula, antioquia):
    attachment = piece_attachment(paula, antioquia)
    response = login_as(paula).get(attachment.file.url)
    assert (response.status_code, body(response)) == (200, PNG)


def test_an_attachment_is_offered_under_its_original_name(login_as, paula, antioquia):
    attachment = piece_attachment(paula, antioquia)
    assert 'filename="arte final.png"' in login_as(paula).get(attachment.file.url)["Content-Disposition"]


def test_anonymous_users_are_sent_to_log_in_for_an_attachment(paula, antioquia):
    assert Client().get(piece_attachment(paula, antioquia).file.url).status_code == 302


def test_a_coordinator_cannot_open_an_attachment(login_as, paula, bob, antioquia):
    assert login_as(bob).get(piece_attachment(paula, antioquia).file.url).status_code == 403


def test_a_professional_of_another_territory_does_not_find_the_attachment(login_as, paula, antioquia, cundinamarca):
    outsider = professional("paola", territories=[cundinamarca])
    assert login_as(outsider).get(piece_attachment(paula, antioquia).file.url).status_code == 404


@pytest.fixture
def report(db):
    report = MonthlyReport(month=date(2026, 11, 1))
    report.file.save("informe.pdf", ContentFile(PDF))
    return report


def test_the_team_gets_the_monthly_report(login_as, paula, report):
    response = login_as(paula).get(report.file.url)
    assert (response.status_code, body(response)) == (200, PDF)


def test_anonymous_users_are_sent_to_log_in_for_the_report(report):
    assert Client().get(report.file.url).status_code == 302


def test_a_user_without_role_cannot_open_the_report(login_as, nobody, report):
    assert login_as(nobody).get(report.file.url).status_code == 403
