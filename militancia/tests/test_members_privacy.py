"""Privacy of the members list: searches never put what was typed in the address, and every read
of personal data (a page of results, a record, an export) is audited with who, from where and which members."""

import csv
import io

import pytest

from core.models import AuditEvent
from core.tests.queries import at_most_queries
from core.tests.rendered import forms_of
from core.tests.search import search
from militancia.models import MemberAccess
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

NUMBER = "1020304050"


@pytest.fixture
def member(medellin):
    return MemberFactory(first_names="José", last_names="Pérez Gómez", id_number=NUMBER, territory=medellin)


def main_part(response) -> str:
    # The header names the signed-in user, whose name is random.
    return response.content.decode().split("<main", 1)[1]


def final_url(response) -> str:
    return response.redirect_chain[-1][0]


# --- searches are posted ---------------------------------------------------------------------------


def test_it_finds_a_member_by_document_through_the_form(login_as, bob, member, medellin):
    MemberFactory(last_names="Otro", territory=medellin)
    response = search(login_as(bob), "/militantes/", q="1.020.304.050")
    assert [m.pk for m in response.context["page"].object_list] == [member.pk]


def test_it_keeps_the_document_number_out_of_the_address(login_as, bob, member):
    response = search(login_as(bob), "/militantes/", q="1.020.304.050")
    assert "304" not in final_url(response)


def test_it_keeps_a_name_out_of_the_address(login_as, bob, member):
    response = search(login_as(bob), "/militantes/", q="Pérez Gómez")
    assert "rez" not in final_url(response)


def test_it_shows_what_was_typed_in_the_search_box(login_as, bob, member):
    response = search(login_as(bob), "/militantes/", q="1.020.304.050")
    form = forms_of(main_part(response))[0]
    assert form.fields["q"] == ["1.020.304.050"]


def test_it_does_not_search_a_document_number_taken_from_the_address(login_as, bob, member, medellin):
    MemberFactory(last_names="Otro", territory=medellin)
    response = login_as(bob).get("/militantes/", {"q": NUMBER})
    assert len(response.context["page"].object_list) == 2


def test_it_says_why_a_search_in_the_address_was_ignored(login_as, bob, member):
    body = main_part(login_as(bob).get("/militantes/", {"q": NUMBER}, follow=True))
    assert "nunca se toman de la dirección" in body


def test_it_still_takes_filters_that_are_not_personal_from_the_address(login_as, bob, member, medellin):
    MemberFactory(last_names="Otro", territory=medellin, status="renuncio")
    response = login_as(bob).get("/militantes/", {"status": "renuncio"})
    assert [m.last_names for m in response.context["page"].object_list] == ["Otro"]


def test_the_next_page_keeps_the_search(login_as, bob, medellin):
    MemberFactory.create_batch(51, last_names="Zuluaga", territory=medellin)
    MemberFactory(last_names="Restrepo", territory=medellin)
    client = login_as(bob)
    first = search(client, "/militantes/", q="zuluaga")
    link = next(
        f for f in ("?" + part.split('"')[0] for part in main_part(first).split('href="?')[1:]) if "after=" in f
    )
    second = client.get("/militantes/" + link.replace("&amp;", "&"))
    assert [m.last_names for m in second.context["page"].object_list] == ["Zuluaga"]


def test_the_sort_keeps_the_search(login_as, bob, member, medellin):
    MemberFactory(last_names="Restrepo", territory=medellin)
    client = login_as(bob)
    first = search(client, "/militantes/", q=NUMBER)
    sorted_page = client.get(final_url(first), {**first.wsgi_request.GET.dict(), "orden": "name"})
    assert [m.pk for m in sorted_page.context["page"].object_list] == [member.pk]


def test_a_search_token_is_useless_in_another_session(login_as, bob, charlie, member, medellin):
    MemberFactory(last_names="Restrepo", territory=medellin)
    url = final_url(search(login_as(bob), "/militantes/", q=NUMBER))
    response = login_as(charlie).get(url)
    assert response.context["form"].is_bound is False


def test_the_export_follows_the_posted_search(login_as, alice, member, medellin):
    MemberFactory(last_names="Restrepo", territory=medellin)
    client = login_as(alice)
    results = search(client, "/militantes/", q=NUMBER)
    href = next(part.split('"')[0] for part in main_part(results).split('href="') if "/exportar/csv/" in part[:40])
    response = client.get(href.replace("&amp;", "&"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == [NUMBER]


def test_the_export_link_carries_no_document_number(login_as, alice, member):
    results = search(login_as(alice), "/militantes/", q=NUMBER)
    hrefs = [part.split('"')[0] for part in main_part(results).split('href="') if "/exportar/" in part[:40]]
    assert [h for h in hrefs if "304" in h] == []


# --- reads are audited ------------------------------------------------------------------------------


def test_a_page_of_results_is_one_audit_event(login_as, bob, member):
    login_as(bob).get("/militantes/")
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert (event.actor, event.ip_address) == (bob, "127.0.0.1")


def test_a_page_of_results_records_the_members_it_showed(login_as, bob, member, bogota):
    MemberFactory(last_names="Fuera", territory=bogota)  # out of Bob's scope: not shown
    login_as(bob).get("/militantes/")
    assert list(MemberAccess.objects.values_list("member_id", flat=True)) == [member.pk]


def test_an_empty_page_is_not_recorded(login_as, bob, member):
    client = login_as(bob)
    url = final_url(search(client, "/militantes/", q="9999999"))
    before = AuditEvent.objects.count()
    client.get(url)
    assert AuditEvent.objects.count() == before


def test_the_audit_of_a_search_does_not_hold_what_was_typed(login_as, bob, member):
    search(login_as(bob), "/militantes/", q=NUMBER)
    assert [e.message for e in AuditEvent.objects.filter(message__contains="304")] == []


def test_opening_a_member_is_audited(login_as, reader, member):
    login_as(reader).get(f"/militantes/{member.pk}/")
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert (event.actor, event.object_id, event.ip_address) == (reader, str(member.pk), "127.0.0.1")


def test_a_streamed_csv_export_is_audited_with_the_client_ip(login_as, bob, member):
    response = login_as(bob).get("/militantes/exportar/csv/", REMOTE_ADDR="10.1.2.3")
    b"".join(response.streaming_content)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.ip_address == "10.1.2.3"


def test_a_csv_export_records_every_member_sent(login_as, bob, member, medellin, bogota):
    other = MemberFactory(territory=medellin)
    MemberFactory(territory=bogota)
    response = login_as(bob).get("/militantes/exportar/csv/")
    b"".join(response.streaming_content)
    assert sorted(MemberAccess.objects.values_list("member_id", flat=True)) == [member.pk, other.pk]


def test_an_xlsx_export_records_every_member_exported(login_as, bob, member, medellin, bogota):
    other = MemberFactory(territory=medellin)
    MemberFactory(territory=bogota)
    login_as(bob).get("/militantes/exportar/xlsx/")
    assert sorted(MemberAccess.objects.values_list("member_id", flat=True)) == [member.pk, other.pk]


def test_the_audit_of_an_export_does_not_hold_what_was_typed(login_as, alice, member):
    client = login_as(alice)
    results = search(client, "/militantes/", q=NUMBER)
    client.get("/militantes/exportar/xlsx/", results.wsgi_request.GET.dict())
    assert "304" not in AuditEvent.objects.get(action=AuditEvent.Action.EXPORT).message


def test_the_audited_list_page_stays_within_its_query_budget(login_as, alice, bob, medellin, antioquia):
    """Auditing a page costs one statement (the event and its access rows), whatever the page size."""
    MemberFactory.create_batch(60, territory=medellin)
    for user in (alice, bob):
        client = login_as(user)
        filtered = {"status": "activo", "has_card": "no", "territory": antioquia.code, "joined_from": "2020-01-01"}
        client.get("/militantes/", filtered)  # the first page after signing in also saves the session
        with at_most_queries(8):
            assert client.get("/militantes/", filtered).status_code == 200
        with at_most_queries(7):
            assert client.get("/militantes/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_page_read_is_recorded_by_one_statement_outside_any_transaction(client, medellin):
    """As in production (autocommit): no BEGIN/COMMIT around the audit, and every member shown is recorded."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.roles import Role
    from core.tests.factories import login, make_user

    shown = MemberFactory.create_batch(3, territory=medellin)
    login(client, make_user("lectora", Role.NATIONAL_ADMIN))
    client.get("/militantes/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/militantes/").status_code == 200
    statements = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in statements if sql.startswith(("BEGIN", "COMMIT", "SAVEPOINT"))]
    assert len([sql for sql in statements if "militancia_memberaccess" in sql]) == 1
    last = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).latest("id")
    recorded = MemberAccess.objects.filter(event=last).values_list("member_id", flat=True)
    assert sorted(recorded) == sorted(member.pk for member in shown)
