"""The card-number sequence. (It once also created the reminders' beat schedule: now in settings.)"""

from django.db import migrations

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
    ]
