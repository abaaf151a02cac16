from django.apps import AppConfig


class MilitanciaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "militancia"
