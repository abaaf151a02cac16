import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """AttentionHistory takes the shape of core.workflow.StatusHistory: column renamed, rows kept."""

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("attention", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="attentionhistory", old_name="created_at", new_name="at"),
        migrations.AlterModelOptions(
            name='attentionhistory',
            options={'ordering': ['at', 'id'], 'verbose_name': 'request history entry', 'verbose_name_plural': 'request history'},
        ),
        migrations.AlterField(
            model_name='attentionhistory',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AlterField(
            model_name='attentionhistory',
            name='at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='when'),
        ),
        migrations.AlterField(
            model_name='attentionhistory',
            name='from_status',
            field=models.CharField(blank=True, max_length=30, verbose_name='from'),
        ),
        migrations.AlterField(
            model_name='attentionhistory',
            name='to_status',
            field=models.CharField(max_length=30, verbose_name='to'),
        ),
    ]
