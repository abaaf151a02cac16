from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarnetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "carnets"
    verbose_name = _("Membership cards")

    def ready(self):
        from django.db.models.signals import post_save

        from carnets.dashboard import register_items
        from carnets.files import register_files
        from carnets.indicators import register_indicator_sources
        from carnets.personal_data import register_carnets_personal_data
        from carnets.photos import card_photo_copies, card_photo_orphans, member_photo_stored
        from militancia.models import Member
        from militancia.personal_data import register_derived_files

        register_items()
        register_carnets_personal_data()
        register_indicator_sources()
        register_files()
        register_derived_files(card_photo_copies, orphans=card_photo_orphans)
        post_save.connect(member_photo_stored, sender=Member, dispatch_uid="carnets_card_photo")
