from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectoralConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "electoral"
    verbose_name = _("Electoral work")

    def ready(self):
        from electoral.dashboard import register_items
        from electoral.files import register_files
        from electoral.personal_data import register_electoral_personal_data

        register_items()
        register_files()
        register_electoral_personal_data()
