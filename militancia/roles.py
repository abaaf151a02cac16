from core.roles import Role

_MEMBER_READ = ["militancia.view_member", "militancia.view_memberstatuschange"]
_MEMBER_WRITE = ["militancia.add_member", "militancia.change_member"]

ROLE_PERMISSIONS = {
    Role.NATIONAL_ADMIN: [
        *_MEMBER_READ,
        *_MEMBER_WRITE,
        "militancia.view_duplicatecandidate",
        "militancia.change_duplicatecandidate",
    ],
    Role.REGIONAL_COORDINATOR: [*_MEMBER_READ, *_MEMBER_WRITE, "militancia.view_duplicatecandidate"],
    Role.CARDS: [*_MEMBER_READ, *_MEMBER_WRITE],
    Role.ELECTORAL: [*_MEMBER_READ],
    Role.READ_ONLY: [*_MEMBER_READ],
}

# Who may do what in the registry; the services check these (core.permissions), the views reuse them.
MEMBER_EDITORS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.CARDS)
STATUS_EDITORS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)
CERTIFIERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.CARDS)
DUPLICATE_DECIDERS = (Role.NATIONAL_ADMIN,)
CONFLICT_DECIDERS = (Role.NATIONAL_ADMIN,)
