from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SolidarityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "solidarity"
    verbose_name = _("Solidarity and human rights")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from solidarity.dashboard import register_items
        from solidarity.models import remember_professional
        from solidarity.personal_data import register_solidarity_personal_data

        register_items()
        register_solidarity_personal_data()
        user_logged_in.connect(remember_professional, dispatch_uid="solidarity.remember_professional")
