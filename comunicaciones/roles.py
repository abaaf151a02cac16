"""Permissions of each role on communications (synced to the role groups after migrate).

Business rules (who may approve, the author never approving) live in services; these model
permissions gate the API and admin.
"""

from core.roles import Role

_MODELS = (
    "piece",
    "pieceattachment",
    "pieceversion",
    "pieceevent",
    "publication",
    "editorialmeeting",
    "channelstat",
    "monthlyreport",
    "pressrelease",
    "mediamention",
    "pressappearance",
    "pressreport",
)
VIEW_ALL = [f"comunicaciones.view_{model}" for model in _MODELS]
TEAM = VIEW_ALL + [
    "comunicaciones.add_piece",
    "comunicaciones.change_piece",
    "comunicaciones.add_pieceattachment",
    "comunicaciones.add_publication",
    "comunicaciones.add_editorialmeeting",
    "comunicaciones.add_channelstat",
    "comunicaciones.change_channelstat",
    "comunicaciones.add_monthlyreport",
    "comunicaciones.add_pressrelease",
    "comunicaciones.change_pressrelease",
    "comunicaciones.add_mediamention",
    "comunicaciones.change_mediamention",
    "comunicaciones.add_pressappearance",
    "comunicaciones.change_pressappearance",
    "comunicaciones.add_pressreport",
]

ROLE_PERMISSIONS = {
    Role.COMMS_PROFESSIONAL: TEAM,
    Role.COMMS_CHIEF: TEAM + ["comunicaciones.review_piece"],
    Role.NATIONAL_ADMIN: VIEW_ALL + ["comunicaciones.add_monthlyreport", "comunicaciones.add_pressreport"],
    Role.READ_ONLY: VIEW_ALL,
}

TEAM_ROLES = (Role.COMMS_PROFESSIONAL, Role.COMMS_CHIEF)
READ_ROLES = (Role.COMMS_PROFESSIONAL, Role.COMMS_CHIEF, Role.NATIONAL_ADMIN, Role.READ_ONLY)
REPORT_ROLES = (Role.COMMS_PROFESSIONAL, Role.COMMS_CHIEF, Role.NATIONAL_ADMIN)
