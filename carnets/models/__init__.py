from carnets.models.cards import Card, CardDesign, CardQuerySet, CardStatusChange, PrintBatch, PrintBatchHistory
from carnets.models.jornadas import Jornada, JornadaRegistration
from carnets.models.kit import DrivePackage, KitCardNumber, KitState, KitSyncedRecord, KitSyncReport
from carnets.models.stock import Consumable, MaintenanceRecord, Printer, StockMovement

__all__ = [
    "Card",
    "CardDesign",
    "CardQuerySet",
    "CardStatusChange",
    "PrintBatchHistory",
    "Consumable",
    "DrivePackage",
    "KitCardNumber",
    "KitState",
    "KitSyncReport",
    "KitSyncedRecord",
    "Jornada",
    "JornadaRegistration",
    "MaintenanceRecord",
    "PrintBatch",
    "Printer",
    "StockMovement",
]
