from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyBodiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "party_bodies"
    verbose_name = _("Party bodies")

    def ready(self):
        from party_bodies.dashboard import register_items
        from party_bodies.indicators import register_indicator_sources
        from party_bodies.personal_data import register_party_bodies_personal_data

        register_items()
        register_party_bodies_personal_data()
        register_indicator_sources()
