from core.roles import Role

_MEMBER_READ = ["militancia.view_member", "militancia.view_memberstatuschange"]
_MEMBER_WRITE = ["militancia.add_member", "militancia.change_member"]
_ROSTER = ["militancia.view_rosterupload", "militancia.add_rosterupload", "militancia.change_rosterupload"]

ROLE_PERMISSIONS = {
    Role.NATIONAL_ADMIN: [
        *_MEMBER_READ,
        *_MEMBER_WRITE,
        *_ROSTER,
        "militancia.view_duplicatecandidate",
        "militancia.change_duplicatecandidate",
        "militancia.view_rosterconflict",
        "militancia.change_rosterconflict",
    ],
    Role.REGIONAL_COORDINATOR: [*_MEMBER_READ, *_MEMBER_WRITE, *_ROSTER, "militancia.view_duplicatecandidate"],
    Role.CARDS: [*_MEMBER_READ, *_MEMBER_WRITE],
    Role.ELECTORAL: [*_MEMBER_READ],
    Role.READ_ONLY: [*_MEMBER_READ],
}

# ---- Membership operations (issue 7) ----------------------------------------------------------
_ATTENTION_READ = [
    "militancia.view_attentionrequest",
    "militancia.view_attentionhistory",
    "militancia.view_attentionextension",
    "militancia.view_attentionattachment",
]
_ATTENTION_WRITE = ["militancia.add_attentionrequest", "militancia.change_attentionrequest"]
for _role, _perms in {
    Role.NATIONAL_ADMIN: [*_ATTENTION_READ, *_ATTENTION_WRITE],
    Role.REGIONAL_COORDINATOR: [*_ATTENTION_READ, *_ATTENTION_WRITE],
    Role.READ_ONLY: _ATTENTION_READ,
}.items():
    ROLE_PERMISSIONS.setdefault(_role, []).extend(_perms)

_AUDIT_MODELS = [
    "vendor",
    "vendorcontract",
    "delivery",
    "formbox",
    "boxaudit",
    "sampleitem",
    "deliveryacta",
    "inspectionresumption",
]
ROLE_PERMISSIONS.setdefault(Role.NATIONAL_ADMIN, []).extend(
    f"militancia.{action}_{model}" for model in _AUDIT_MODELS for action in ("view", "add", "change")
)
ROLE_PERMISSIONS.setdefault(Role.READ_ONLY, []).extend(f"militancia.view_{model}" for model in _AUDIT_MODELS)

_OFFICE_MODELS = ["partybody", "office", "officeterm", "trainingevent", "trainingattendance"]
for _role in (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR):
    ROLE_PERMISSIONS.setdefault(_role, []).extend(
        f"militancia.{action}_{model}" for model in _OFFICE_MODELS for action in ("view", "add", "change")
    )
for _role in (Role.READ_ONLY, Role.ELECTORAL):
    ROLE_PERMISSIONS.setdefault(_role, []).extend(f"militancia.view_{model}" for model in _OFFICE_MODELS)

ROLE_PERMISSIONS.setdefault(Role.NATIONAL_ADMIN, []).extend(
    [
        "militancia.view_indicatorvalue",
        "militancia.view_target",
        "militancia.add_target",
        "militancia.change_target",
        "militancia.view_nationalreport",
        "militancia.add_nationalreport",
    ]
)
for _role in (Role.REGIONAL_COORDINATOR, Role.READ_ONLY):
    ROLE_PERMISSIONS.setdefault(_role, []).extend(["militancia.view_indicatorvalue", "militancia.view_target"])
ROLE_PERMISSIONS.setdefault(Role.NATIONAL_ADMIN, []).extend(
    ["militancia.view_suppressionrequest", "militancia.add_suppressionrequest", "militancia.change_suppressionrequest"]
)
