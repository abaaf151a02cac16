from django.apps import AppConfig


class CarnetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "carnets"
