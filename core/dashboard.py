"""Core's own navigation entries and home-page counters."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, Widget, register_nav, register_widget
from core.roles import ALL_ROLES, Role


def _events_today(user) -> int:
    from core.models import AuditEvent

    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return AuditEvent.objects.filter(created_at__gte=start).count()


def _failed_logins_today(user) -> int:
    from core.models import AuditEvent

    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return AuditEvent.objects.filter(created_at__gte=start, action=AuditEvent.Action.LOGIN_FAILED).count()


def _active_users(user) -> int:
    from core.models import User

    return User.objects.filter(is_active=True).count()


def _territories_in_scope(user) -> int:
    from core.models import Territory

    return Territory.objects.visible_to(user).filter(kind=Territory.Kind.MUNICIPALITY).count()


def _my_jobs_running(user) -> int:
    from core.models import Job

    return Job.objects.filter(created_by=user, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).count()


def _is_staff(user) -> bool:
    return user.is_active and user.is_staff


def register_core_items() -> None:
    register_nav(NavItem(_("Home"), "core:home", "bi-house", tuple(ALL_ROLES), order=0))
    register_nav(NavItem(_("Territories"), "core:territory-list", "bi-map", tuple(ALL_ROLES), _("Reference"), 900))
    register_nav(
        NavItem(_("Audit log"), "core:audit-list", "bi-shield-check", (Role.NATIONAL_ADMIN,), _("Administration"), 950)
    )
    register_nav(
        NavItem(
            _("Users"),
            "admin:core_user_changelist",
            "bi-person-gear",
            (Role.NATIONAL_ADMIN,),
            _("Administration"),
            940,
            allowed=_is_staff,  # the Django admin sends everyone else to its own login page
        )
    )
    register_nav(NavItem(_("API"), "api:docs", "bi-braces", (Role.NATIONAL_ADMIN,), _("Administration"), 990))

    register_widget(
        Widget(
            _("Municipalities in my scope"),
            tuple(ALL_ROLES),
            _territories_in_scope,
            "core:territory-list",
            "bi-map",
            900,
            "secondary",
        )
    )
    register_widget(
        Widget(_("My running jobs"), tuple(ALL_ROLES), _my_jobs_running, "", "bi-hourglass-split", 910, "secondary")
    )
    register_widget(Widget(_("Active users"), (Role.NATIONAL_ADMIN,), _active_users, "", "bi-people", 920, "info"))
    register_widget(
        Widget(
            _("Audit events today"),
            (Role.NATIONAL_ADMIN,),
            _events_today,
            "core:audit-list",
            "bi-shield-check",
            930,
            "info",
        )
    )
    register_widget(
        Widget(
            _("Failed logins today"),
            (Role.NATIONAL_ADMIN,),
            _failed_logins_today,
            "core:audit-list",
            "bi-shield-exclamation",
            940,
            "danger",
        )
    )
