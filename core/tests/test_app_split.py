"""Moving models between apps (the militancia split): content types and audit subjects follow."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from core.app_split import moved_models
from core.audit import audit_record
from core.models import AuditEvent, AuditPersonalValue

pytestmark = pytest.mark.django_db


def _move(old_app, new_app, models):
    operation = moved_models(old_app, new_app, models)
    with transaction.atomic(), connection.schema_editor(atomic=False) as editor:
        operation.code(apps, editor)


@pytest.fixture
def old_label(alice):
    """A content type and a personal value as the pre-split database had them."""
    content_type = ContentType.objects.create(app_label="oldapp", model="thing")
    event = audit_record(actor=alice, action=AuditEvent.Action.UPDATE, message="cambio")
    value = AuditPersonalValue.objects.create(event=event, subject="oldapp.thing:42", field="name", new="Rosa")
    return content_type, value


def test_the_content_type_takes_the_new_app_label(old_label):
    content_type, _value = old_label
    _move("oldapp", "newapp", ["thing"])
    content_type.refresh_from_db()
    assert (content_type.app_label, content_type.model) == ("newapp", "thing")


def test_the_content_type_keeps_its_id_so_events_and_permissions_still_point_at_it(old_label):
    content_type, _value = old_label
    _move("oldapp", "newapp", ["thing"])
    assert ContentType.objects.get(app_label="newapp", model="thing").pk == content_type.pk


def test_personal_values_are_found_under_the_new_label(old_label):
    _content_type, value = old_label
    _move("oldapp", "newapp", ["thing"])
    assert AuditPersonalValue.objects.get(pk=value.pk).subject == "newapp.thing:42"


def test_the_table_refuses_updates_again_after_the_move(old_label):
    from django.db import InternalError

    _content_type, value = old_label
    _move("oldapp", "newapp", ["thing"])
    with pytest.raises(InternalError), transaction.atomic():
        AuditPersonalValue.objects.filter(pk=value.pk).update(subject="x")


def test_moving_back_restores_the_old_labels(old_label):
    content_type, value = old_label
    operation = moved_models("oldapp", "newapp", ["thing"])
    with transaction.atomic(), connection.schema_editor(atomic=False) as editor:
        operation.code(apps, editor)
        operation.reverse_code(apps, editor)
    content_type.refresh_from_db()
    assert (content_type.app_label, AuditPersonalValue.objects.get(pk=value.pk).subject) == (
        "oldapp",
        "oldapp.thing:42",
    )
