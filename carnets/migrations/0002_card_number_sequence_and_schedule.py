"""The card-number sequence and the daily low-stock / maintenance reminder schedule."""

from django.db import migrations

TASK = "carnets.tasks.stock_and_maintenance_reminders"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*", timezone="America/Bogota"
    )
    PeriodicTask.objects.update_or_create(
        name="Carnets: insumos bajos y mantenimientos vencidos",
        defaults={"task": TASK, "crontab": crontab, "enabled": True},
    )


def delete_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("carnets", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS carnets_card_number_seq START 1000",
            "DROP SEQUENCE IF EXISTS carnets_card_number_seq",
        ),
        migrations.RunPython(create_schedule, delete_schedule),
    ]
