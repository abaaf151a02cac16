from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SolidarityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "solidarity"
    verbose_name = _("Solidarity and human rights")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core.personal_data_readers import register_personal_data_reader
        from solidarity.dashboard import register_items
        from solidarity.models import is_case_professional, remember_professional
        from solidarity.personal_data import register_solidarity_personal_data

        register_items()
        register_solidarity_personal_data()
        user_logged_in.connect(remember_professional, dispatch_uid="solidarity.remember_professional")
        # A professional's account reads the cases (personal data) of her assignments without a
        # role: it uses a second factor as the roles that read personal data do.
        register_personal_data_reader("solidarity.professional", is_case_professional)
