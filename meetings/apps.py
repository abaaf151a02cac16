from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = _("Meetings and commitments")

    def ready(self):
        from meetings.dashboard import register_files, register_items
        from meetings.personal_data import register_meetings_personal_data

        register_items()
        register_files()
        register_meetings_personal_data()
