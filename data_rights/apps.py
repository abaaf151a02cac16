from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataRightsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "data_rights"
    verbose_name = _("Data-subject rights")

    def ready(self):
        from data_rights.dashboard import register_items

        register_items()
