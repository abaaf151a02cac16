from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SolidarityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "solidarity"
    verbose_name = _("Solidarity and human rights")

    def ready(self):
        from solidarity.dashboard import register_items
        from solidarity.personal_data import register_solidarity_personal_data

        register_items()
        register_solidarity_personal_data()
