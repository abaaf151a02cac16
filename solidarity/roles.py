from core.roles import Role

# Django model permissions are granted to the secretariat only (the Django admin's directory of
# professionals). Cases are not in the Django admin: see solidarity/admin.py.
ROLE_PERMISSIONS = {
    Role.SOLIDARITY: [
        "solidarity.view_professional",
        "solidarity.add_professional",
        "solidarity.change_professional",
    ],
}

# Who runs the secretariat's work: the directory, opening, assigning and closing cases.
SECRETARIAT = (Role.SOLIDARITY,)
