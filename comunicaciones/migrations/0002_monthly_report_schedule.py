"""The monthly communications report is generated automatically on the 1st of each month."""

from django.db import migrations

TASK_NAME = "Informe mensual de comunicaciones"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="6",
        day_of_month="1",
        month_of_year="*",
        day_of_week="*",
        timezone="America/Bogota",
    )
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={
            "task": "comunicaciones.tasks.generate_previous_month_report",
            "crontab": crontab,
            "enabled": True,
            "description": "Genera el PDF del mes anterior el día 1 de cada mes a las 6:00.",
        },
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comunicaciones", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
