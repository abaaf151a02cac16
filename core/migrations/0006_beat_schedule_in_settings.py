"""The periodic tasks are declared once, in settings.CELERY_BEAT_SCHEDULE (beat writes them into
django_celery_beat's tables at start). Delete the rows the old data migrations created, under the
old task names, so no schedule runs twice or calls a task that no longer exists."""

from django.db import migrations

# name, task, (minute, hour, day_of_month, month_of_year, day_of_week): as the old migrations made them.
OLD_ROWS = [
    ("Recordatorios de solicitudes de atención", "militancia.operations.attention_reminders", ("0", "7", "*", "*", "1-5")),
    ("Informe nacional mensual", "militancia.operations.national_report_monthly", ("30", "5", "1", "*", "*")),
    (
        "Militancia: búsqueda nocturna de posibles duplicados",
        "militancia.tasks.detect_duplicates_nightly",
        ("30", "2", "*", "*", "*"),
    ),
    (
        "Carnets: insumos bajos y mantenimientos vencidos",
        "carnets.tasks.stock_and_maintenance_reminders",
        ("0", "7", "*", "*", "*"),
    ),
    (
        "Informe mensual de comunicaciones",
        "comunicaciones.tasks.generate_previous_month_report",
        ("0", "6", "1", "*", "*"),
    ),
    ("Recordatorios de hitos electorales", "electoral.tasks.send_milestone_reminders", ("5", "*", "*", "*", "*")),
]


def delete_old_rows(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=[task for _name, task, _cron in OLD_ROWS]).delete()


def restore_old_rows(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, (minute, hour, day_of_month, month_of_year, day_of_week) in OLD_ROWS:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=day_of_month,
            month_of_year=month_of_year,
            day_of_week=day_of_week,
            timezone="America/Bogota",
        )
        PeriodicTask.objects.update_or_create(name=name, defaults={"task": task, "crontab": crontab, "enabled": True})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_job_kinds_named_one_way"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(delete_old_rows, restore_old_rows)]
