"""Who does field work. Coordinators (national, electoral, regional) run campaigns, turfs, lists and
contacts in their territory; a field volunteer sees only the lists checked out to them."""

from core.roles import Role

_MODELS = ["contact", "supporttally", "campaign", "turf", "walklist", "listentry", "attempt"]
_READ = [f"campaigns.view_{m}" for m in _MODELS]
_ALL = _READ + [f"campaigns.{verb}_{m}" for m in _MODELS for verb in ("add", "change")]

ROLE_PERMISSIONS = {
    Role.NATIONAL_ADMIN: _ALL,
    Role.ELECTORAL: _ALL,
    Role.REGIONAL_COORDINATOR: _ALL,
    Role.FIELD_VOLUNTEER: ["campaigns.add_attempt"],
}

# Run campaigns and see the contacts of their territory.
COORDINATORS = (Role.NATIONAL_ADMIN, Role.ELECTORAL, Role.REGIONAL_COORDINATOR)
# Hold lists and record attempts (a coordinator may canvass too).
CANVASSERS = (Role.FIELD_VOLUNTEER, *COORDINATORS)
