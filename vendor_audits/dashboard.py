"""Digitization audit: sidebar entries and what the app registers with core and militancia (AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register_nav
from core.roles import Role

AUDIT_VIEWERS = (Role.NATIONAL_ADMIN, Role.READ_ONLY)


def register_items() -> None:
    register_nav(
        NavItem(
            _("Digitization audit"),
            "vendor_audits:audit-vendor-list",
            "bi-box-seam",
            AUDIT_VIEWERS,
            _("Membership"),
            55,
        )
    )


def register_files() -> None:
    from core.files import register_protected_file
    from vendor_audits.models import DeliveryActa

    register_protected_file(DeliveryActa, "signed_scan", roles=AUDIT_VIEWERS, personal=True)
