"""Every write in carnets goes through one of these functions."""

from carnets.services.batches import (
    batch_cancel,
    batch_create,
    batch_mark_printed,
    batch_preview,
    batch_render,
    batch_render_failed,
    batch_render_start,
    card_mark_printed,
)
from carnets.services.cards import (
    active_design,
    card_deliver,
    card_issue,
    card_mark_lost,
    card_numbers,
    card_reprint,
    card_revoke,
    design_activate,
    design_save,
    sync_has_card,
)
from carnets.services.jornadas import jornada_close, jornada_register, jornada_save, jornada_stats
from carnets.services.stock import (
    low_stock,
    maintenance_record,
    printer_save,
    stock_adjust,
    stock_purchase,
    stock_shortages,
)

__all__ = [
    "active_design",
    "batch_cancel",
    "batch_create",
    "batch_mark_printed",
    "batch_preview",
    "batch_render",
    "batch_render_failed",
    "batch_render_start",
    "card_deliver",
    "card_issue",
    "card_mark_lost",
    "card_mark_printed",
    "card_numbers",
    "card_reprint",
    "card_revoke",
    "design_activate",
    "design_save",
    "jornada_close",
    "jornada_register",
    "jornada_save",
    "jornada_stats",
    "low_stock",
    "maintenance_record",
    "printer_save",
    "stock_adjust",
    "stock_purchase",
    "stock_shortages",
    "sync_has_card",
]
