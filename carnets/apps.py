from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarnetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "carnets"
    verbose_name = _("Membership cards")

    def ready(self):
        from carnets.dashboard import register_items
        from carnets.files import register_files
        from carnets.indicators import register_indicator_sources
        from carnets.personal_data import register_carnets_personal_data

        register_items()
        register_carnets_personal_data()
        register_indicator_sources()
        register_files()
