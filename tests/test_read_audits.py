"""A member's data report ("who accessed the data, and when") lists every page and PDF that showed
them, whatever app drew it: the attention queue, the poll-watcher pages and credentials, the
print batch page and its PDF (Ley 1581 de 2012, art. 8)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from attention.tests.factories import make_request
from carnets import services as carnets_services
from carnets.tests.factories import CardDesignFactory
from data_rights import selectors
from electoral.models import PollWatcher
from electoral.services.watchers import assignments_create
from electoral.tests.factories import ElectionFactory, build_geography, make_watcher
from militancia.models import Member
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(medellin):
    return MemberFactory(territory=medellin, first_names="Ana", last_names="Zapata")


def reads_of(member) -> list[str]:
    """(reader, what) of each read the member's data report lists."""
    return [line.split(" · ", 2)[0::2] for _when, line in selectors.member_accesses(member=member)]


def test_the_report_lists_the_attention_queue(login_as, bob, member, medellin):
    make_request(territory=medellin, actor=bob, member=member, requester_id_number=member.id_number)
    login_as(bob).get(reverse("attention:attention-queue"))
    assert reads_of(member) == [["bob", "Página de la cola de solicitudes"]]


@pytest.fixture
def watcher(member, medellin):
    election = ElectionFactory()
    return make_watcher(election, medellin, PollWatcher.Status.ACCREDITED, member=member, id_number=member.id_number)


def test_the_report_lists_the_watcher_list(login_as, bob, member, watcher):
    login_as(bob).get(reverse("electoral:watcher-list", args=[watcher.election_id]))
    assert reads_of(member) == [["bob", "Página de la lista de testigos electorales"]]


def test_the_report_lists_the_watcher_page(login_as, bob, member, watcher):
    login_as(bob).get(reverse("electoral:watcher-detail", args=[watcher.election_id, watcher.pk]))
    assert reads_of(member) == [["bob", "Ficha de testigo electoral consultada"]]


def test_the_report_lists_the_credentials_pdf(login_as, bob, member, watcher, medellin, bogota):
    geo = build_geography(medellin, bogota)
    assignments_create(actor=bob, election=watcher.election, pairs=[(watcher, geo["tables"]["05001-P1-M1"])])
    login_as(bob).get(reverse("electoral:credentials", args=[watcher.election_id]))
    assert reads_of(member) == [["bob", "Credenciales de testigos electorales (PDF)"]]


@pytest.fixture
def batch(alice, member):
    CardDesignFactory()
    return carnets_services.batch_create(
        actor=alice, members=Member.objects.filter(pk=member.pk), name="Lote", layout="cr80", selection="filtros"
    )


def test_the_report_lists_the_print_batch_page(login_as, alice, member, batch):
    login_as(alice).get(reverse("carnets:batch-detail", args=[batch.pk]))
    assert reads_of(member) == [["alice", "Lote de impresión: página de carnets"]]


def test_the_report_lists_the_print_batch_pdf(login_as, alice, member, batch):
    batch.pdf.save("lote.pdf", ContentFile(b"%PDF-1.4 test"))
    response = login_as(alice).get(reverse("carnets:batch-download", args=[batch.pk]))
    assert response.status_code == 200
    assert reads_of(member) == [["alice", "PDF del lote (1 carnets)"]]
