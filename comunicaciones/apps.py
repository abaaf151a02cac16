from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComunicacionesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comunicaciones"
    verbose_name = _("Communications")

    def ready(self):
        from comunicaciones.dashboard import register_items
        from comunicaciones.files import register_files

        register_items()
        register_files()
