from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MilitanciaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "militancia"
    verbose_name = _("Membership")

    def ready(self):
        from militancia.dashboard import register_items
        from militancia.files import register_files
        from militancia.personal_data_entries import register_militancia_personal_data

        register_items()
        register_files()
        register_militancia_personal_data()
