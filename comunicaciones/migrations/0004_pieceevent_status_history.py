import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """PieceEvent takes the shape of core.workflow.StatusHistory: columns renamed, rows kept."""

    dependencies = [
        ("comunicaciones", "0003_notification_kind"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="pieceevent", old_name="created_at", new_name="at"),
        migrations.RenameField(model_name="pieceevent", old_name="comment", new_name="note"),
        migrations.AlterModelOptions(
            name='pieceevent',
            options={'ordering': ['at', 'pk'], 'verbose_name': 'piece event', 'verbose_name_plural': 'piece events'},
        ),
        migrations.AlterField(
            model_name='pieceevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AlterField(
            model_name='pieceevent',
            name='from_status',
            field=models.CharField(blank=True, max_length=30, verbose_name='from'),
        ),
        migrations.AlterField(
            model_name='pieceevent',
            name='note',
            field=models.TextField(blank=True, verbose_name='note'),
        ),
        migrations.AlterField(
            model_name='pieceevent',
            name='to_status',
            field=models.CharField(max_length=30, verbose_name='to'),
        ),
    ]
