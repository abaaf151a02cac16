from core.roles import Role

_VIEW = ["targets.view_indicatorvalue", "targets.view_target"]

ROLE_PERMISSIONS = {
    Role.NATIONAL_ADMIN: [
        *_VIEW,
        "targets.add_target",
        "targets.change_target",
        "targets.view_nationalreport",
        "targets.add_nationalreport",
    ],
    Role.REGIONAL_COORDINATOR: _VIEW,
    Role.READ_ONLY: _VIEW,
}
