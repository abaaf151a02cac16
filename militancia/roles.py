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
