from core.roles import Role

_READ = [
    "attention.view_attentionrequest",
    "attention.view_attentionhistory",
    "attention.view_attentionextension",
    "attention.view_attentionattachment",
]
_WRITE = ["attention.add_attentionrequest", "attention.change_attentionrequest"]

ROLE_PERMISSIONS = {
    Role.NATIONAL_ADMIN: [*_READ, *_WRITE],
    Role.REGIONAL_COORDINATOR: [*_READ, *_WRITE],
    Role.READ_ONLY: _READ,
}

# Who handles requests (the services check it with core.permissions; the pages reuse it).
HANDLERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)
