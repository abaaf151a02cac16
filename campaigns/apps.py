from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "campaigns"
    verbose_name = _("Field work")

    def ready(self):
        from campaigns.dashboard import register_items
        from campaigns.personal_data import register_campaigns_personal_data

        register_items()
        register_campaigns_personal_data()
        _register_field_figures()


def _register_field_figures() -> None:
    """Give electoral's where-to-work board our per-polling-place figures (its registry: electoral never imports us)."""
    from campaigns.selectors import field_figures_by_polling_place
    from electoral.field_figures import register_field_figures

    register_field_figures(field_figures_by_polling_place)
