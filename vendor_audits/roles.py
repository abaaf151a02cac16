from core.roles import Role

# Who audits boxes and signs actas (pages, services and the transition tables); the read-only
# role only looks.
AUDITORS = (Role.NATIONAL_ADMIN,)

_MODELS = [
    "vendor",
    "vendorcontract",
    "delivery",
    "formbox",
    "boxaudit",
    "sampleitem",
    "deliveryacta",
    "inspectionresumption",
    "formboxhistory",
    "deliveryactahistory",
]

ROLE_PERMISSIONS = {
    Role.NATIONAL_ADMIN: [
        f"vendor_audits.{action}_{model}" for model in _MODELS for action in ("view", "add", "change")
    ],
    Role.READ_ONLY: [f"vendor_audits.view_{model}" for model in _MODELS],
}
