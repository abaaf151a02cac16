from django.apps import AppConfig


class ElectoralConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "electoral"
