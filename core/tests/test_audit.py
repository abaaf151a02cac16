import pytest
from django.core.exceptions import ValidationError
from django.db import InternalError, connection, transaction
from django.utils import translation

from core.audit import audit_record
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_records_logins_and_failed_logins(client, bob):
    client.post("/cuenta/ingresar/", {"username": "bob", "password": "wrong-password"}, REMOTE_ADDR="10.1.2.3")
    client.post("/cuenta/ingresar/", {"username": "bob", "password": "Clave-de-prueba-2026"}, REMOTE_ADDR="10.1.2.3")
    failed = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert failed.actor_username == "bob"
    assert failed.ip_address == "10.1.2.3"
    login = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert login.actor == bob


def test_events_cannot_be_changed_or_deleted(alice):
    event = audit_record(actor=alice, action=AuditEvent.Action.EXPORT, message="padrón")
    event.message = "otra cosa"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        AuditEvent.objects.filter(pk=event.pk).update(message="x")
    with pytest.raises(ValidationError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_raw_updates_and_deletes(alice):
    event = audit_record(actor=alice, action=AuditEvent.Action.EXPORT)
    for sql in ("UPDATE core_auditevent SET message = 'x' WHERE id = %s", "DELETE FROM core_auditevent WHERE id = %s"):
        with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, message="").exists()


def test_the_audit_page_is_for_national_administrators(login_as, client, alice, bob):
    audit_record(actor=bob, action=AuditEvent.Action.EXPORT, message="export de prueba")
    assert login_as(bob).get("/auditoria/").status_code == 403
    client.logout()
    response = login_as(alice).get("/auditoria/?action=export")
    assert response.status_code == 200
    assert "export de prueba" in response.content.decode()


def test_the_audit_page_filters(login_as, alice, bob):
    audit_record(actor=bob, action=AuditEvent.Action.EXPORT, message="evento-de-bob")
    audit_record(actor=alice, action=AuditEvent.Action.APPROVE, message="evento-de-alice")
    body = login_as(alice).get("/auditoria/?user=bob").content.decode()
    assert "evento-de-bob" in body
    assert "evento-de-alice" not in body


def test_the_audit_page_reports_a_bad_date_range(login_as, alice):
    body = login_as(alice).get("/auditoria/?date_from=2026-02-01&date_to=2026-01-01").content.decode()
    assert "La fecha final es anterior a la inicial." in body


def test_the_audit_page_queries_stay_constant(login_as, alice, bob, django_assert_max_num_queries):
    for n in range(60):
        audit_record(actor=bob, action=AuditEvent.Action.EXPORT, message=f"e{n}")
    client = login_as(alice)
    with django_assert_max_num_queries(12):
        assert client.get("/auditoria/").status_code == 200


def test_the_api_has_no_write_path_for_events(client, alice):
    from rest_framework.authtoken.models import Token

    event = audit_record(actor=alice, action=AuditEvent.Action.EXPORT)
    headers = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=alice).key}"}
    assert client.get(f"/api/v1/core/audit-events/{event.pk}/", **headers).status_code == 200
    assert client.delete(f"/api/v1/core/audit-events/{event.pk}/", **headers).status_code in (403, 405)
    assert client.patch(
        f"/api/v1/core/audit-events/{event.pk}/", {"message": "x"}, content_type="application/json", **headers
    ).status_code in (403, 405)


def test_the_api_hides_events_from_other_roles(client, bob):
    from rest_framework.authtoken.models import Token

    headers = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=bob).key}"}
    assert client.get("/api/v1/core/audit-events/", **headers).status_code == 403


def test_it_records_a_failed_login_in_the_catalogue_language(client, alice):
    with translation.override("es-co"):
        client.post("/cuenta/ingresar/", {"username": "alice", "password": "wrong"})
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).get().message == "credenciales inválidas"
