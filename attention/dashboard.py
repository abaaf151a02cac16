"""Attention requests: sidebar entries and what the app registers with core and militancia (AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, Widget, register_nav, register_widget
from core.roles import Role

ATTENTION_STAFF = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)
ATTENTION_VIEWERS = (*ATTENTION_STAFF, Role.READ_ONLY)


def _overdue_requests(user) -> int:
    from attention.selectors import attention_overdue_count

    return attention_overdue_count(user)


def register_items() -> None:
    section = _("Membership")
    register_nav(
        NavItem(_("Attention requests"), "attention:attention-queue", "bi-inbox", ATTENTION_VIEWERS, section, 50)
    )
    register_widget(
        Widget(
            _("Overdue attention requests"),
            ATTENTION_VIEWERS,
            _overdue_requests,
            "attention:attention-queue",
            "bi-alarm",
            50,
            tone="danger",
            help_text=_("Past their legal due date"),
        )
    )


def register_files() -> None:
    from attention.models import AttentionAttachment
    from core.files import register_protected_file

    register_protected_file(
        AttentionAttachment, "file", roles=ATTENTION_VIEWERS, personal=True, filename=lambda item: item.name
    )
