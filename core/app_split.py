"""Moving models from one app to another without copying data (used by the migrations of the
militancia split, issue 12).

The tables keep their names (Meta.db_table), so only what names the app changes: content types
(audit events, permissions and role groups point at them, and keep pointing at the same rows) and
the "<app_label>.<model>:<pk>" data subjects of personal audit values, which a suppression looks up.
"""

from __future__ import annotations

from django.db import migrations


def moved_models(old_app: str, new_app: str, models: list[str]) -> migrations.RunPython:
    """A RunPython that relabels content types and audit subjects from `old_app` to `new_app`."""

    def forward(apps, schema_editor):
        _relabel(apps, schema_editor, old_app, new_app, models)

    def backward(apps, schema_editor):
        _relabel(apps, schema_editor, new_app, old_app, models)

    return migrations.RunPython(forward, backward, elidable=False)


def _relabel(apps, schema_editor, source: str, target: str, models: list[str]) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in models:
        # A fresh database has no content types yet (post_migrate creates them): nothing to move.
        if not content_type.objects.using(db).filter(app_label=target, model=model).exists():
            content_type.objects.using(db).filter(app_label=source, model=model).update(app_label=target)
    with schema_editor.connection.cursor() as cursor:
        # Subjects are an index of who a value is about, not the value: relabelling them is the one
        # UPDATE the table's guard trigger lets through, inside this migration's transaction.
        # ALTER TABLE refuses to run while deferred foreign-key checks are pending in the transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE core_auditpersonalvalue DISABLE TRIGGER core_auditpersonalvalue_no_update")
        for model in models:
            cursor.execute(
                "UPDATE core_auditpersonalvalue SET subject = %s || substr(subject, %s) WHERE subject LIKE %s",
                [f"{target}.{model}:", len(f"{source}.{model}:") + 1, f"{source}.{model}:%"],
            )
        cursor.execute("ALTER TABLE core_auditpersonalvalue ENABLE TRIGGER core_auditpersonalvalue_no_update")
