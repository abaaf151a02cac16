from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core import signals  # noqa: F401  (login audit receivers)
        from core.dashboard import register_core_items
        from core.roles import second_factor_roles, sync_role_permissions

        second_factor_roles()  # a typo in SECOND_FACTOR_ROLES stops the start

        post_migrate.connect(sync_role_permissions, dispatch_uid="core.sync_role_permissions")
        register_core_items()
