from django.db import migrations

ROLE_NAMES = [
    "Administración nacional",
    "Coordinación regional",
    "Carnetización",
    "Comunicaciones (profesional)",
    "Comunicaciones (jefatura)",
    "Secretaría electoral",
    "Consulta",
]

# The audit log is append-only at the database level: no code path can rewrite history.
AUDIT_GUARD_SQL = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""

AUDIT_GUARD_REVERSE_SQL = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
        migrations.RunSQL(AUDIT_GUARD_SQL, AUDIT_GUARD_REVERSE_SQL),
    ]
