from core.roles import Role

_VIEW = [
    "carnets.view_card",
    "carnets.view_cardstatuschange",
    "carnets.view_printbatch",
    "carnets.view_printer",
    "carnets.view_maintenancerecord",
    "carnets.view_consumable",
    "carnets.view_stockmovement",
    "carnets.view_jornada",
    "carnets.view_jornadaregistration",
    "carnets.view_carddesign",
]
_WORK = [
    "carnets.add_card",
    "carnets.change_card",
    "carnets.add_printbatch",
    "carnets.change_printbatch",
    "carnets.add_printer",
    "carnets.change_printer",
    "carnets.add_maintenancerecord",
    "carnets.add_consumable",
    "carnets.change_consumable",
    "carnets.add_stockmovement",
    "carnets.add_jornada",
    "carnets.change_jornada",
    "carnets.add_jornadaregistration",
]

ROLE_PERMISSIONS = {
    Role.NATIONAL_ADMIN: [*_VIEW, *_WORK, "carnets.add_carddesign", "carnets.change_carddesign"],
    Role.CARDS: [*_VIEW, *_WORK],
    Role.REGIONAL_COORDINATOR: [
        "carnets.view_card",
        "carnets.view_cardstatuschange",
        "carnets.view_jornada",
        "carnets.view_jornadaregistration",
    ],
    Role.READ_ONLY: _VIEW,
}

# Who may do what in the pages (the API uses the model permissions above).
CARD_WORKERS = (Role.NATIONAL_ADMIN, Role.CARDS)
CARD_READERS = (Role.NATIONAL_ADMIN, Role.CARDS, Role.REGIONAL_COORDINATOR, Role.READ_ONLY)
STOCK_READERS = (Role.NATIONAL_ADMIN, Role.CARDS, Role.READ_ONLY)
DESIGNERS = (Role.NATIONAL_ADMIN,)
