from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialOrgsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "social_orgs"
    verbose_name = _("Social organizations")
