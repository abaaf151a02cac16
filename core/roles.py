"""Roles are Django groups. This module names them and grants their permissions.

Each app may define `ROLE_PERMISSIONS = {Role.X: ["app_label.codename", ...]}` in its own
`roles.py`; `sync_role_permissions()` (run after every migrate) collects them all, so
core never imports the apps built on it.
"""

from __future__ import annotations

from importlib import import_module

from django.db import models
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "Administración nacional", _("Administración nacional")
    REGIONAL_COORDINATOR = "Coordinación regional", _("Coordinación regional")
    CARDS = "Carnetización", _("Carnetización")
    COMMS_PROFESSIONAL = "Comunicaciones (profesional)", _("Comunicaciones (profesional)")
    COMMS_CHIEF = "Comunicaciones (jefatura)", _("Comunicaciones (jefatura)")
    ELECTORAL = "Secretaría electoral", _("Secretaría electoral")
    READ_ONLY = "Consulta", _("Consulta")
    FIELD_VOLUNTEER = "Voluntariado de campo", _("Voluntariado de campo")
    SOLIDARITY = "Secretaría de solidaridad", _("Secretaría de solidaridad")
    SOCIAL_AFFAIRS = "Secretaría de asuntos sociales", _("Secretaría de asuntos sociales")


ALL_ROLES = list(Role)


def second_factor_roles() -> list[Role]:
    """The roles of settings.SECOND_FACTOR_ROLES (Role names such as REGIONAL_COORDINATOR, any case)."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    roles = []
    for name in settings.SECOND_FACTOR_ROLES:
        role = Role.__members__.get(name.strip().upper().replace(" ", "_"))
        if role is None:
            known = ", ".join(Role.__members__)
            raise ImproperlyConfigured(f"SECOND_FACTOR_ROLES: unknown role {name!r} (known: {known}).")
        roles.append(role)
    return roles


ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.NATIONAL_ADMIN: [
        "core.view_auditevent",
        "core.view_user",
        "core.add_user",
        "core.change_user",
        "core.view_territory",
        "core.view_job",
    ],
    Role.REGIONAL_COORDINATOR: ["core.view_territory", "core.view_job"],
    Role.CARDS: ["core.view_territory", "core.view_job"],
    Role.COMMS_PROFESSIONAL: ["core.view_job"],
    Role.COMMS_CHIEF: ["core.view_job"],
    Role.ELECTORAL: ["core.view_territory", "core.view_job"],
    Role.READ_ONLY: ["core.view_territory"],
    Role.FIELD_VOLUNTEER: [],
    # Issue 17's secretariats work on their own pages; they need no core API resource.
    Role.SOLIDARITY: [],
    Role.SOCIAL_AFFAIRS: [],
}


def collect_role_permissions() -> dict[str, set[str]]:
    """Every app's ROLE_PERMISSIONS, merged by role name."""
    from django.apps import apps

    merged: dict[str, set[str]] = {str(role.value): set() for role in Role}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "roles"):
            continue
        module = import_module(f"{config.name}.roles")
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged[str(role.value if isinstance(role, Role) else role)].update(perms)
    return merged


def sync_role_permissions(**kwargs) -> None:
    """Create the role groups and set exactly the declared permissions on each."""
    from django.contrib.auth.models import Group, Permission

    wanted = collect_role_permissions()
    perms_by_key = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list("pk", "content_type__app_label", "codename")
    }
    for role_name, keys in wanted.items():
        group, _created = Group.objects.get_or_create(name=role_name)
        # Permissions of apps not migrated yet are skipped; the next migrate adds them.
        group.permissions.set([perms_by_key[key] for key in keys if key in perms_by_key])
