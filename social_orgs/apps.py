from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialOrgsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "social_orgs"
    verbose_name = _("Social organizations")

    def ready(self):
        from social_orgs.dashboard import register_items
        from social_orgs.personal_data import register_social_orgs_personal_data

        register_items()
        register_social_orgs_personal_data()
