"""Read-only API of carnets (scoped like every page). Writes go through the pages' services."""

from rest_framework import serializers

from carnets.models import Card, Consumable, Jornada, PrintBatch, Printer
from core.api.routes import register_route
from core.api.territories import TerritoryCodeField
from core.api.views import KeysetReadOnlyViewSet, ScopedReadOnlyViewSet


class CardSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)

    class Meta:
        model = Card
        fields = [
            "id",
            "number",
            "member",
            "member_name",
            "version",
            "status",
            "issued_on",
            "printed_at",
            "delivered_at",
            "delivered_to",
            "delivered_place",
            "batch",
            "jornada",
        ]


class CardViewSet(ScopedReadOnlyViewSet):
    queryset = Card.objects.select_related("member")
    serializer_class = CardSerializer
    cursor_ordering = ("-created_at", "-id")


class PrintBatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = PrintBatch
        fields = [
            "id",
            "name",
            "status",
            "layout",
            "selection",
            "selection_detail",
            "card_count",
            "printed_count",
            "failed_numbers",
            "printer",
            "created_at",
            "printed_at",
        ]


class PrintBatchViewSet(ScopedReadOnlyViewSet):
    queryset = PrintBatch.objects.all()
    serializer_class = PrintBatchSerializer
    cursor_ordering = ("-created_at", "-id")


class JornadaSerializer(serializers.ModelSerializer):
    territory = TerritoryCodeField(read_only=True)

    class Meta:
        model = Jornada
        fields = ["id", "name", "territory", "place", "starts_on", "ends_on", "printer", "linked_event", "status"]


class JornadaViewSet(ScopedReadOnlyViewSet):
    queryset = Jornada.objects.select_related("territory")
    serializer_class = JornadaSerializer
    cursor_ordering = ("-starts_on", "-id")


class PrinterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Printer
        fields = [
            "id",
            *Printer.DESCRIPTION_FIELDS,
            "next_maintenance_on",
        ]


class PrinterViewSet(KeysetReadOnlyViewSet):
    """Printers are a national resource (no territory): the role's view permission decides."""

    queryset = Printer.objects.all()
    serializer_class = PrinterSerializer
    cursor_ordering = "id"


class ConsumableSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consumable
        fields = ["id", "name", "kind", "unit", "panels_per_roll", "stock", "reorder_level", "is_active"]


class ConsumableViewSet(KeysetReadOnlyViewSet):
    queryset = Consumable.objects.all()
    serializer_class = ConsumableSerializer
    cursor_ordering = "id"


def register(router) -> None:
    register_route(router, app="carnets", resource="cards", viewset=CardViewSet)
    register_route(router, app="carnets", resource="print-batches", viewset=PrintBatchViewSet)
    register_route(router, app="carnets", resource="registration-drives", viewset=JornadaViewSet)
    register_route(router, app="carnets", resource="printers", viewset=PrinterViewSet)
    register_route(router, app="carnets", resource="consumables", viewset=ConsumableViewSet)
