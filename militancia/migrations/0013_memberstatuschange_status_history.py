import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """MemberStatusChange takes the shape of core.workflow.StatusHistory: columns renamed, rows kept."""

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("militancia", "0012_split_into_apps"),
    ]

    operations = [
        migrations.RenameField(model_name="memberstatuschange", old_name="reason", new_name="note"),
        migrations.RenameField(model_name="memberstatuschange", old_name="changed_by", new_name="actor"),
        migrations.RenameField(model_name="memberstatuschange", old_name="changed_at", new_name="at"),
        migrations.AlterModelOptions(
            name='memberstatuschange',
            options={'ordering': ['-at', '-id'], 'verbose_name': 'status change', 'verbose_name_plural': 'status changes'},
        ),
        migrations.AlterField(
            model_name='memberstatuschange',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AlterField(
            model_name='memberstatuschange',
            name='at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='when'),
        ),
        migrations.AlterField(
            model_name='memberstatuschange',
            name='from_status',
            field=models.CharField(blank=True, max_length=30, verbose_name='from'),
        ),
        migrations.AlterField(
            model_name='memberstatuschange',
            name='note',
            field=models.TextField(blank=True, verbose_name='note'),
        ),
        migrations.AlterField(
            model_name='memberstatuschange',
            name='to_status',
            field=models.CharField(max_length=30, verbose_name='to'),
        ),
    ]
