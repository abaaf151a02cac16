from core.roles import Role

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
