from core.roles import Role

_READ = [
    "social_orgs.view_socialorganization",
    "social_orgs.view_workfront",
    "social_orgs.view_organizationelection",
]
_WRITE = [
    "social_orgs.add_socialorganization",
    "social_orgs.change_socialorganization",
    "social_orgs.add_workfront",
    "social_orgs.change_workfront",
    "social_orgs.add_organizationelection",
    "social_orgs.change_organizationelection",
]

ROLE_PERMISSIONS = {
    Role.SOCIAL_AFFAIRS: [*_READ, *_WRITE],
    Role.NATIONAL_ADMIN: [*_READ, *_WRITE],
    Role.REGIONAL_COORDINATOR: _READ,
    Role.ELECTORAL: _READ,
    Role.READ_ONLY: _READ,
}

# Who keeps the directory (organizations, members, fronts, notes): the secretariat and the national office.
EDITORS = (Role.SOCIAL_AFFAIRS, Role.NATIONAL_ADMIN)
# Who supports the organizations' elections: the above and the electoral secretariat.
ELECTION_HANDLERS = (Role.SOCIAL_AFFAIRS, Role.NATIONAL_ADMIN, Role.ELECTORAL)
# Who reads the directory: coordinators see their territory's organizations read-only.
VIEWERS = (Role.SOCIAL_AFFAIRS, Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.ELECTORAL, Role.READ_ONLY)
