"""The nightly duplicate search's schedule (now in settings).

It once created a django_celery_beat schedule; schedules are now declared once, in
settings.CELERY_BEAT_SCHEDULE (core 0006 deletes the rows this created), so nothing is left to do."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("militancia", "0008_operations_box_manifest"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = []
