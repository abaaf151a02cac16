from django.apps import AppConfig


class ComunicacionesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comunicaciones"
