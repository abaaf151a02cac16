"""The audit log page (/auditoria/) shows members' and rosters' events readably: counts, labels, dates."""

import datetime

import pytest

from militancia.services.members import member_change_status
from militancia.tests.factories import MemberFactory
from rosters.tests.helpers import confirm_and_import, person, process, upload, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported_roster(bob, medellin):
    roster = process(upload(xlsx_file([person("71234567"), person("43123456", first="Luz")]), medellin, bob))
    return confirm_and_import(roster, bob)


def _audit_page(client, alice, query=""):
    from core.tests.factories import login

    login(client, alice)
    return client.get(f"/auditoria/{query}").content.decode()


def test_a_roster_import_shows_its_counts(client, alice, imported_roster):
    body = _audit_page(client, alice, "?action=import")
    assert "<strong>Creados</strong>: 2" in body


def test_a_roster_import_shows_no_empty_arrows(client, alice, imported_roster):
    body = _audit_page(client, alice, "?action=import")
    assert "∅ → ∅" not in body


def test_a_status_change_shows_the_spanish_labels(client, alice, medellin):
    member = MemberFactory(territory=medellin)
    member_change_status(
        member=member,
        actor=alice,
        to_status="renuncio",
        reason="Carta de renuncia",
        effective_date=datetime.date.today(),
    )
    body = _audit_page(client, alice, "?action=status_change")
    assert "Activo → Renunció" in body


def test_the_audit_page_shows_colombian_dates(client, alice, imported_roster):
    body = _audit_page(client, alice, "?action=import")
    assert datetime.date.today().strftime("%d/%m/%Y") in body


def test_the_audit_page_keeps_its_query_count(client, alice, imported_roster, django_assert_max_num_queries):
    from core.tests.factories import login

    login(client, alice)
    client.get("/auditoria/")
    with django_assert_max_num_queries(12):
        assert client.get("/auditoria/").status_code == 200


def test_the_member_history_shows_the_spanish_status_label(client, alice, medellin):
    from core.audit import audit_record
    from core.models import AuditEvent
    from core.tests.factories import login

    member = MemberFactory(territory=medellin)
    audit_record(actor=alice, action=AuditEvent.Action.UPDATE, obj=member, changes={"status": ["activo", "renuncio"]})
    login(client, alice)
    body = client.get(f"/militantes/{member.pk}/").content.decode()
    assert "Activo → Renunció" in body


def test_a_roster_import_lists_its_counts_in_a_fixed_order(client, alice, imported_roster):
    body = _audit_page(client, alice, "?action=import")
    labels = ["Creados", "Actualizados", "Sin cambios", "Omitidos", "Conflictos"]
    positions = [body.index(f"<strong>{label}</strong>") for label in labels]
    assert positions == sorted(positions)
