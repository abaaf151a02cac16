from core.roles import Role

ROLE_PERMISSIONS = {
    Role.NATIONAL_ADMIN: [
        "data_rights.view_suppressionrequest",
        "data_rights.add_suppressionrequest",
        "data_rights.change_suppressionrequest",
    ],
}
