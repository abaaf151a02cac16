"""Move the personal values already written inline in audit events into AuditPersonalValue.

Before this change an audit event about a member (or a poll watcher, a request…) kept names,
document, phone, e-mail, address… inline in `changes`, `object_repr` and `message`, so a
suppression could not erase them. From now on `core.audit.audit_record` writes them to the side
table. This migration does the same for the events already written.

The table is append-only: a trigger (migration 0002) refuses UPDATE. Rewriting the existing
events once, here, is the only way to make them erasable, so this migration disables the trigger
inside its own transaction (ALTER TABLE … DISABLE TRIGGER is transactional in PostgreSQL: the
lock it takes blocks every other writer until commit, and a failure re-enables it by rolling
back), moves the values, and enables it again before committing. The events keep every other
column, their field names and a marker; nothing else may ever update them.

The personal fields are frozen below (not read from the live registry) so this migration gives
the same result whenever it runs.
"""

from django.db import migrations

MARKER = "[personal]"
OBJECT = "__object__"
MESSAGE = "__message__"

MEMBER = [
    "address",
    "birth_date",
    "consent_evidence",
    "consent_file",
    "email",
    "fingerprint",
    "first_names",
    "id_number",
    "last_names",
    "phone",
    "photo",
    "search_name",
    "sex",
    "signature",
]

# "<app_label>.<model>" -> fields of `changes` holding personal values (as registered on 2026-12-07).
PERSONAL = {
    "carnets.card": ["delivered_to"],
    "carnets.cardstatuschange": ["note"],
    "carnets.jornadaregistration": [],
    "electoral.candidate": [],
    "electoral.endorsement": [],
    "electoral.endorsementdocument": ["file", "original_name"],
    "electoral.pollwatcher": [
        "email",
        "evaluation_notes",
        "first_names",
        "id_number",
        "last_names",
        "phone",
        "replaced_by",
        "replacement_reason",
    ],
    "electoral.pollwatcherhistory": ["note"],
    "militancia.attentionattachment": ["file", "name"],
    "militancia.attentionhistory": ["note"],
    "militancia.attentionrequest": ["address", "email", "phone", "requester_id_number", "requester_name"],
    "militancia.duplicatecandidate": [],
    "militancia.member": MEMBER,
    "militancia.membershipcertificate": [],
    "militancia.memberstatuschange": ["reason"],
    "militancia.officeterm": ["notes"],
    "militancia.rosterconflict": [*MEMBER, "data", "note"],
    "militancia.rosterrow": [
        "address",
        "birth_date",
        "differences",
        "email",
        "errors",
        "first_names",
        "id_number",
        "last_names",
        "phone",
        "raw",
        "search_name",
        "sex",
    ],
    "militancia.rosterupload": ["sample"],
    "militancia.sampleitem": ["id_number", "notes"],
    "militancia.trainingattendance": [],
}

CHUNK = 2000


def move_personal_values(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditPersonalValue = apps.get_model("core", "AuditPersonalValue")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = {}
    for content_type in ContentType.objects.all():
        label = f"{content_type.app_label}.{content_type.model}"
        if label in PERSONAL:
            types[content_type.pk] = (label, set(PERSONAL[label]))
    if not types:
        return
    # ALTER TABLE refuses to run while deferred constraint checks are pending on the table.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
    events = AuditEvent.objects.filter(content_type_id__in=list(types)).order_by("pk")
    changed, values = [], []
    for event in events.iterator(chunk_size=CHUNK):
        label, fields = types[event.content_type_id]
        subject = f"{label}:{event.object_id}"
        touched = False
        if event.object_repr and event.object_repr != MARKER:
            values.append(AuditPersonalValue(event_id=event.pk, subject=subject, field=OBJECT, new=event.object_repr))
            event.object_repr = MARKER
            touched = True
        if event.message and event.message != MARKER:
            values.append(AuditPersonalValue(event_id=event.pk, subject=subject, field=MESSAGE, new=event.message))
            event.message = MARKER
            touched = True
        changes = dict(event.changes or {})
        for name, pair in changes.items():
            if name not in fields or not isinstance(pair, list) or len(pair) != 2 or MARKER in pair:
                continue
            if all(value in (None, "") for value in pair):
                continue
            values.append(AuditPersonalValue(event_id=event.pk, subject=subject, field=name, old=pair[0], new=pair[1]))
            changes[name] = [MARKER if value not in (None, "") else value for value in pair]
            touched = True
        if touched:
            event.changes = changes
            changed.append(event)
        if len(changed) >= CHUNK:
            _flush(AuditEvent, AuditPersonalValue, changed, values)
            changed, values = [], []
    _flush(AuditEvent, AuditPersonalValue, changed, values)
    schema_editor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_append_only")


def _flush(AuditEvent, AuditPersonalValue, changed, values):
    if changed:
        AuditEvent.objects.bulk_update(changed, ["object_repr", "message", "changes"])
    AuditPersonalValue.objects.bulk_create(values)


# A personal value is kept as written or erased (DELETE), never rewritten.
VALUE_GUARD_SQL = """
CREATE OR REPLACE FUNCTION core_auditpersonalvalue_no_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'personal values of audit events are never rewritten (UPDATE refused)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditpersonalvalue_no_update
    BEFORE UPDATE ON core_auditpersonalvalue
    FOR EACH ROW EXECUTE FUNCTION core_auditpersonalvalue_no_update();
"""

VALUE_GUARD_REVERSE_SQL = """
DROP TRIGGER IF EXISTS core_auditpersonalvalue_no_update ON core_auditpersonalvalue;
DROP FUNCTION IF EXISTS core_auditpersonalvalue_no_update();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_personal_values"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunSQL(VALUE_GUARD_SQL, VALUE_GUARD_REVERSE_SQL),
        # Irreversible on purpose: putting personal values back inline would undo the erasability.
        migrations.RunPython(move_personal_values, migrations.RunPython.noop),
    ]
