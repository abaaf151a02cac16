from core.roles import Role

_ROSTER = ["rosters.view_rosterupload", "rosters.add_rosterupload", "rosters.change_rosterupload"]

ROLE_PERMISSIONS = {
    Role.NATIONAL_ADMIN: [*_ROSTER, "rosters.view_rosterconflict", "rosters.change_rosterconflict"],
    Role.REGIONAL_COORDINATOR: _ROSTER,
}
