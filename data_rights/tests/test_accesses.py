"""A member's data report says who accessed their data and when (Ley 1581 de 2012, art. 8)."""

import pytest
from django.core.files.base import ContentFile

from core.tests.files import jpeg_bytes
from core.tests.pdf_layout import all_text
from data_rights import selectors
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(medellin):
    return MemberFactory(territory=medellin, first_names="Ana", last_names="Zapata")


def readers_of(member) -> list[str]:
    return [line.split(" · ")[0] for _when, line in selectors.member_accesses(member=member)]


def test_it_lists_who_saw_the_member_in_a_page_of_results(login_as, bob, member):
    login_as(bob).get("/militantes/")
    assert readers_of(member) == ["bob"]


def test_it_lists_who_opened_the_record(login_as, reader, member):
    login_as(reader).get(f"/militantes/{member.pk}/")
    assert readers_of(member) == ["reader"]


def test_it_lists_who_exported_the_member(login_as, bob, member):
    login_as(bob).get("/militantes/exportar/xlsx/")
    assert readers_of(member) == ["bob"]


def test_it_lists_who_downloaded_a_file_of_the_member(login_as, bob, member):
    member.photo.save("foto.jpg", ContentFile(jpeg_bytes()))
    login_as(bob).get(member.photo.url)
    assert readers_of(member) == ["bob"]


def test_it_leaves_out_reads_that_did_not_show_the_member(login_as, bob, member, medellin):
    other = MemberFactory(territory=medellin)
    login_as(bob).get(f"/militantes/{other.pk}/")
    assert readers_of(member) == []


def test_the_report_pdf_names_who_accessed_the_data(login_as, bob, alice, member):
    login_as(bob).get("/militantes/")
    pdf = login_as(alice).get(f"/derechos/militantes/{member.pk}/informe/").content
    assert "bob · Consulta" in all_text(pdf)
