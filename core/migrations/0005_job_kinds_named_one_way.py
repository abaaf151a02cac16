"""Job kinds named one way, `<app>.<object>_<action>` (the name of the task that runs them)."""

from django.db import migrations

RENAMED = {
    "health": "core.health_check",
    "roster_read": "rosters.upload_read",
    "roster_validate": "rosters.upload_validate",
    "roster_import": "rosters.upload_import",
    "carnets.batch_pdf": "carnets.batch_render",
    "comunicaciones.monthly_report": "comunicaciones.monthly_report_generate",
    "national_report": "targets.national_report_build",
}


def rename(apps, mapping):
    Job = apps.get_model("core", "Job")
    for old, new in mapping.items():
        Job.objects.filter(kind=old).update(kind=new)


def forwards(apps, schema_editor):
    rename(apps, RENAMED)


def backwards(apps, schema_editor):
    rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_personal_values_move")]

    operations = [migrations.RunPython(forwards, backwards)]
