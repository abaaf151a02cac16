"""Personal values of audit events live in an erasable side table; the events stay append-only."""

import importlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import InternalError, connection, transaction
from django.db.migrations.loader import MigrationLoader

from core import audit
from core.audit import audit_erase_subjects, audit_record, subject_key
from core.models import PERSONAL_MARKER, AuditEvent, AuditPersonalValue

pytestmark = pytest.mark.django_db

MIGRATION = "0004_audit_personal_values_move"


def _run_migration_function():
    """The data migration's function, with the historical models it runs with."""
    state_apps = MigrationLoader(connection).project_state(("core", MIGRATION)).apps
    migration = importlib.import_module(f"core.migrations.{MIGRATION}")
    with transaction.atomic(), connection.schema_editor(atomic=False) as editor:
        migration.move_personal_values(state_apps, editor)


@pytest.fixture
def users_are_subjects(monkeypatch):
    """Stand-in for an app's registration: events about a User hold its name and e-mail."""
    monkeypatch.setitem(audit._personal_fields, "core.user", frozenset({"first_name", "email"}))


def _event(alice, bob):
    return audit_record(
        actor=alice,
        action=AuditEvent.Action.UPDATE,
        obj=bob,
        changes={"first_name": ["Julia", "Julieta"], "email": ["", "j@example.org"], "is_active": [True, False]},
        message="Cambió a pedido de Julieta",
    )


def test_personal_values_are_not_stored_in_the_event(alice, bob, users_are_subjects):
    event = AuditEvent.objects.get(pk=_event(alice, bob).pk)
    assert "Julieta" not in f"{event.changes} {event.object_repr} {event.message}"


def test_the_event_keeps_field_names_markers_and_the_rest(alice, bob, users_are_subjects):
    event = AuditEvent.objects.get(pk=_event(alice, bob).pk)
    assert event.changes == {
        "first_name": [PERSONAL_MARKER, PERSONAL_MARKER],
        "email": ["", PERSONAL_MARKER],
        "is_active": [True, False],
    }


def test_readers_see_the_values_before_erasure(alice, bob, users_are_subjects):
    event = AuditEvent.objects.get(pk=_event(alice, bob).pk)
    assert event.shown_changes["first_name"] == ["Julia", "Julieta"]


def test_readers_see_the_object_and_message_before_erasure(alice, bob, users_are_subjects):
    event = AuditEvent.objects.get(pk=_event(alice, bob).pk)
    assert (event.shown_object_repr, event.shown_message) == (str(bob), "Cambió a pedido de Julieta")


def test_after_erasure_readers_see_dato_suprimido(alice, bob, users_are_subjects):
    event = _event(alice, bob)
    audit_erase_subjects([subject_key(bob)])
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.shown_changes == {
        "first_name": ["dato suprimido", "dato suprimido"],
        "email": ["", "dato suprimido"],
        "is_active": [True, False],
    }


def test_after_erasure_the_object_and_message_are_suppressed(alice, bob, users_are_subjects):
    event = _event(alice, bob)
    audit_erase_subjects([subject_key(bob)])
    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.shown_object_repr, event.shown_message) == ("dato suprimido", "dato suprimido")


def test_erasure_leaves_the_event_itself_untouched(alice, bob, users_are_subjects):
    event = _event(alice, bob)
    before = AuditEvent.objects.filter(pk=event.pk).values().get()
    audit_erase_subjects([subject_key(bob)])
    assert AuditEvent.objects.filter(pk=event.pk).values().get() == before


def test_erasure_reaches_only_the_subject(alice, bob, charlie, users_are_subjects):
    _event(alice, bob)
    other = _event(alice, charlie)
    audit_erase_subjects([subject_key(bob)])
    assert AuditPersonalValue.objects.filter(event=other).count() == 4  # object, message, two fields


def test_events_about_objects_without_personal_data_stay_inline(alice):
    event = audit_record(actor=alice, action=AuditEvent.Action.EXPORT, message="padrón")
    assert (event.message, event.personal_values.count()) == ("padrón", 0)


def test_the_database_still_refuses_raw_updates_of_events(alice, bob, users_are_subjects):
    event = _event(alice, bob)
    with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET message = 'x' WHERE id = %s", [event.pk])


def test_the_database_refuses_rewriting_a_personal_value(alice, bob, users_are_subjects):
    event = _event(alice, bob)
    with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditpersonalvalue SET new = '\"x\"' WHERE event_id = %s", [event.pk])


def test_the_migration_moves_inline_values_of_old_events_out(alice, bob):
    """Events written before the side table existed kept names inline; migration 0004 moves them."""
    user_type = ContentType.objects.get_for_model(bob)
    old = AuditEvent.objects.create(
        actor=alice,
        action=AuditEvent.Action.CREATE,
        content_type=ContentType.objects.get(app_label="militancia", model="member"),
        object_id="999",
        object_repr="Rosa Quintero (CC 123456)",
        changes={"first_names": [None, "Rosa"], "status": [None, "activo"]},
        message="Creada por Rosa",
    )
    untouched = AuditEvent.objects.create(actor=alice, action=AuditEvent.Action.UPDATE, content_type=user_type)
    _run_migration_function()
    old = AuditEvent.objects.get(pk=old.pk)
    assert (old.changes, old.object_repr, old.message, old.shown_changes["first_names"]) == (
        {"first_names": [None, PERSONAL_MARKER], "status": [None, "activo"]},
        PERSONAL_MARKER,
        PERSONAL_MARKER,
        [None, "Rosa"],
    )
    assert AuditEvent.objects.get(pk=untouched.pk).personal_values.count() == 0


def test_the_migration_leaves_the_append_only_trigger_enabled(alice):
    AuditEvent.objects.create(
        actor=alice,
        action=AuditEvent.Action.CREATE,
        content_type=ContentType.objects.get(app_label="militancia", model="member"),
        object_id="998",
        object_repr="Ana (CC 1)",
    )
    _run_migration_function()
    with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET message = 'x'")
