from django.contrib import admin

from carnets.models import (
    Card,
    CardDesign,
    CardStatusChange,
    Consumable,
    Jornada,
    MaintenanceRecord,
    PrintBatch,
    Printer,
    StockMovement,
)


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists go through the same territorial scope as every page."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class HistoryInline(admin.TabularInline):
    model = CardStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "at", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Card)
class CardAdmin(ScopedAdmin):
    list_display = ["number", "member", "version", "status", "issued_on", "printed_at"]
    list_filter = ["status"]
    search_fields = ["number", "member__id_number"]
    raw_id_fields = ["member", "replaces", "batch", "jornada"]
    inlines = [HistoryInline]
    # Status moves go through the services (history + audit), never through the admin form.
    readonly_fields = ["status", "token", "version", "printed_at", "delivered_at"]


@admin.register(CardDesign)
class CardDesignAdmin(admin.ModelAdmin):
    list_display = ["name", "party_name", "is_active", "created_at"]
    readonly_fields = ["is_active"]


@admin.register(PrintBatch)
class PrintBatchAdmin(ScopedAdmin):
    list_display = ["id", "name", "status", "layout", "card_count", "created_at"]
    list_filter = ["status", "layout"]
    readonly_fields = ["status", "job", "card_count", "printed_count", "failed_numbers"]


class MaintenanceInline(admin.TabularInline):
    model = MaintenanceRecord
    extra = 0


@admin.register(Printer)
class PrinterAdmin(admin.ModelAdmin):
    list_display = ["model_name", "serial", "location", "status", "next_maintenance_on"]
    inlines = [MaintenanceInline]


@admin.register(Consumable)
class ConsumableAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "stock", "reorder_level", "is_active"]
    readonly_fields = ["stock"]  # stock changes only through movements


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    list_display = ["consumable", "kind", "quantity", "balance", "created_at"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Jornada)
class JornadaAdmin(ScopedAdmin):
    list_display = ["name", "territory", "starts_on", "ends_on", "status"]
    raw_id_fields = ["territory"]
