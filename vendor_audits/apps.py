from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VendorAuditsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "vendor_audits"
    verbose_name = _("Digitization audit")

    def ready(self):
        from vendor_audits.dashboard import register_files, register_items
        from vendor_audits.personal_data import register_vendor_audits_personal_data

        register_items()
        register_files()
        register_vendor_audits_personal_data()
