"""The audit log's hash chain (core/audit_chain.py) and the backups that carry it (core/backups.py)."""

import io
import json

import psycopg2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import InternalError

from core.audit import audit_record
from core.audit_chain import audit_chain_seal, audit_chain_verify
from core.backups import backup_create, backup_restore
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _events(count: int) -> list[AuditEvent]:
    return [
        audit_record(actor=None, action=AuditEvent.Action.LOGIN, actor_username=f"u{i}", message=f"evento {i}")
        for i in range(count)
    ]


def _around_the_trigger(sql: str, params: list) -> None:
    """What an attacker with database rights does: switch the guard off, edit, switch it on."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred check
        cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_append_only")


def test_sealing_gives_each_event_the_next_position_in_id_order():
    events = _events(3)

    audit_chain_seal()

    positions = list(AuditEvent.objects.filter(pk__in=[e.pk for e in events]).order_by("pk").values_list("chain_seq"))
    assert [p for (p,) in positions] == sorted(p for (p,) in positions)


def test_each_event_points_at_the_hash_of_the_one_before():
    _events(3)
    audit_chain_seal()

    chain = list(AuditEvent.objects.order_by("chain_seq").values_list("prev_hash", "hash"))

    assert [prev for prev, _hash in chain[1:]] == [hash_ for _prev, hash_ in chain[:-1]]


def test_an_untouched_chain_verifies():
    _events(5)
    audit_chain_seal()

    report = audit_chain_verify()

    assert report.first_break is None


def test_verify_reports_unsealed_events_without_calling_them_broken():
    audit_chain_seal()
    _events(2)

    report = audit_chain_verify()

    assert (report.unsealed, report.intact) == (2, True)


def test_an_event_edited_around_the_trigger_breaks_the_chain_there():
    first, edited, _last = _events(3)
    audit_chain_seal()

    _around_the_trigger("UPDATE core_auditevent SET message = 'nada que ver' WHERE id = %s", [edited.pk])

    broken = audit_chain_verify().first_break
    assert (broken.event_id, broken.reason) == (edited.pk, "content")


def test_an_event_removed_around_the_trigger_is_reported_missing():
    _first, removed, after = _events(3)
    audit_chain_seal()

    _around_the_trigger("DELETE FROM core_auditevent WHERE id = %s", [removed.pk])

    broken = audit_chain_verify().first_break
    assert (broken.event_id, broken.reason) == (after.pk, "missing")


def test_the_trigger_still_refuses_edits_of_a_sealed_event():
    (event,) = _events(1)
    audit_chain_seal()

    with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET hash = 'x' WHERE id = %s", [event.pk])


def test_the_trigger_refuses_content_edits_of_an_unsealed_event():
    (event,) = _events(1)

    with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET message = 'x', chain_seq = 999999, hash = 'x' WHERE id = %s", [event.pk]
        )


def test_audit_verify_names_the_first_broken_event():
    _first, edited = _events(2)
    audit_chain_seal()
    _around_the_trigger("UPDATE core_auditevent SET actor_username = 'otro' WHERE id = %s", [edited.pk])

    with pytest.raises(CommandError, match=f"#{edited.pk}"):
        call_command("audit_verify")


def test_audit_verify_says_the_chain_is_intact():
    _events(2)
    out = io.StringIO()

    call_command("audit_verify", stdout=out)

    assert "íntegra" in out.getvalue()


@pytest.fixture
def drill_database():
    """A fresh, empty database on the same server for the restore drill."""
    name = f"{connection.settings_dict['NAME']}_drill"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_verifies(tmp_path, settings, drill_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "carnets").mkdir(parents=True)
    (settings.MEDIA_ROOT / "carnets" / "foto.jpg").write_bytes(b"\xff\xd8 foto")
    _events(4)

    folder = backup_create(target_dir=tmp_path / "backups")
    result = backup_restore(folder=folder, into=drill_database, restore_files=False)

    assert (result.chain.intact, result.head_matches) == (True, True)


@pytest.mark.django_db(transaction=True)
def test_a_backup_carries_the_files_and_the_chain_head(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "carnets").mkdir(parents=True)
    (settings.MEDIA_ROOT / "carnets" / "foto.jpg").write_bytes(b"\xff\xd8 foto")
    _events(1)

    folder = backup_create(target_dir=tmp_path / "backups")

    manifest = json.loads((folder / "manifest.json").read_text())
    head = AuditEvent.objects.get(chain_seq=manifest["audit_head"]["position"])
    assert head.hash == manifest["audit_head"]["hash"]


@pytest.mark.django_db(transaction=True)
def test_a_restore_drill_finds_a_chain_edited_in_the_backup(tmp_path, settings, drill_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    _first, edited = _events(2)
    folder = backup_create(target_dir=tmp_path / "backups")
    backup_restore(folder=folder, into=drill_database, restore_files=False)
    params = connection.settings_dict
    with (
        psycopg2.connect(
            host=params["HOST"],
            port=params["PORT"],
            user=params["USER"],
            password=params["PASSWORD"],
            dbname=drill_database,
        ) as drill,
        drill.cursor() as cursor,
    ):
        cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
        cursor.execute("UPDATE core_auditevent SET message = 'otro' WHERE id = %s", [edited.pk])
        cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_append_only")
        report = audit_chain_verify(cursor=cursor)

    assert report.first_break.event_id == edited.pk
