from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttentionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "attention"
    verbose_name = _("Attention requests")

    def ready(self):
        from attention.dashboard import register_files, register_items
        from attention.indicators import register_indicator_sources
        from attention.personal_data import register_attention_personal_data

        register_items()
        register_files()
        register_attention_personal_data()
        register_indicator_sources()
