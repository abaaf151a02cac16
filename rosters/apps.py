from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RostersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rosters"
    verbose_name = _("Rosters")

    def ready(self):
        from rosters.dashboard import register_files, register_items
        from rosters.personal_data import register_rosters_personal_data

        register_items()
        register_files()
        register_rosters_personal_data()
