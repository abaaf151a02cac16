"""Who convenes meetings and who reads them (synced to the role groups after migrate).

Every signed-in user, whatever their role, sees and moves the commitments they are responsible
for ("Mis compromisos"); the services check that rule themselves.
"""

from core.roles import Role

_MODELS = ("meeting", "meetingmember", "meetingattachment", "commitment", "commitmenthistory")
_VIEW = [f"meetings.view_{model}" for model in _MODELS]
_EDIT = _VIEW + [f"meetings.{action}_{model}" for model in _MODELS[:4] for action in ("add", "change")]

# The secretariats that convene planning meetings: the national office and the coordinators (the
# membership office in each territory), the electoral secretariat and the communications chief.
ORGANIZERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.ELECTORAL, Role.COMMS_CHIEF)
VIEWERS = (*ORGANIZERS, Role.READ_ONLY)

ROLE_PERMISSIONS = {
    Role.NATIONAL_ADMIN: _EDIT,
    Role.REGIONAL_COORDINATOR: _EDIT,
    Role.ELECTORAL: _EDIT,
    Role.COMMS_CHIEF: _EDIT,
    Role.READ_ONLY: _VIEW,
}
