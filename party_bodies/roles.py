from core.roles import Role

_MODELS = ["partybody", "office", "officeterm", "trainingevent", "trainingattendance"]
_EDIT = [f"party_bodies.{action}_{model}" for model in _MODELS for action in ("view", "add", "change")]
_VIEW = [f"party_bodies.view_{model}" for model in _MODELS]

ROLE_PERMISSIONS = {
    Role.NATIONAL_ADMIN: _EDIT,
    Role.REGIONAL_COORDINATOR: _EDIT,
    Role.READ_ONLY: _VIEW,
    Role.ELECTORAL: _VIEW,
}
