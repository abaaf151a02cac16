from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import user_link
from core.workflow import toned


class Printer(models.Model):
    """A card printer, in an office or travelling in a registration-drive kit."""

    # What identifies the machine and its state: listed by the API, edited on the printer form.
    DESCRIPTION_FIELDS = ("model_name", "serial", "location", "status", "firmware_version", "software_version")

    @toned(ACTIVE="success", MAINTENANCE="warning", RETIRED="secondary")
    class Status(models.TextChoices):
        ACTIVE = "activa", _("In service")
        MAINTENANCE = "mantenimiento", _("In maintenance")
        RETIRED = "retirada", _("Retired")

    model_name = models.CharField(_("model"), max_length=120)
    serial = models.CharField(_("serial number"), max_length=60, unique=True)
    location = models.CharField(_("location or drive kit"), max_length=150)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.ACTIVE)
    firmware_version = models.CharField(_("firmware version"), max_length=40, blank=True)
    software_version = models.CharField(_("driver/software version"), max_length=40, blank=True)
    card_stock = models.ForeignKey(
        "carnets.Consumable",
        verbose_name=_("PVC cards used"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "pvc"},
    )
    ribbon = models.ForeignKey(
        "carnets.Consumable",
        verbose_name=_("ribbon used"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "ribbon"},
    )
    next_maintenance_on = models.DateField(_("next maintenance due"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("printer")
        verbose_name_plural = _("printers")
        ordering = ["model_name", "serial"]

    def __str__(self) -> str:
        return f"{self.model_name} ({self.serial})"


class MaintenanceRecord(models.Model):
    """Cleaning, repair or firmware update of a printer, with its cost and the next due date."""

    class Kind(models.TextChoices):
        CLEANING = "limpieza", _("Cleaning")
        REPAIR = "reparacion", _("Repair")
        FIRMWARE = "firmware", _("Firmware update")
        OTHER = "otro", _("Other")

    printer = models.ForeignKey(
        Printer, verbose_name=_("printer"), on_delete=models.CASCADE, related_name="maintenance"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    done_on = models.DateField(pgettext_lazy("maintenance", "date"))
    description = models.TextField(_("description"), blank=True)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, default=0)
    firmware_version = models.CharField(_("new firmware version"), max_length=40, blank=True)
    next_due_on = models.DateField(_("next due"), null=True, blank=True)
    created_by = user_link(_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("maintenance record")
        verbose_name_plural = _("maintenance records")
        ordering = ["-done_on", "-id"]

    def __str__(self) -> str:
        return f"{self.printer} {self.get_kind_display()} {self.done_on}"


class Consumable(models.Model):
    """A supply kept in stock: PVC cards, YMCKO ribbons (counted in panel sets), cleaning kits.

    Stock only changes through StockMovement rows (services), so the balance is always explained.
    """

    class Kind(models.TextChoices):
        PVC = "pvc", _("PVC cards")
        RIBBON = "ribbon", _("YMCKO ribbon")
        CLEANING = "limpieza", _("Cleaning kit")
        OTHER = "otro", _("Other")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    unit = models.CharField(
        _("stock unit"),
        max_length=30,
        help_text=_("For ribbons, stock is counted in panel sets (one per printed side)."),
    )
    panels_per_roll = models.PositiveIntegerField(
        _("panel sets per roll"), default=0, help_text=_("Ribbons only: printed sides one roll gives.")
    )
    stock = models.IntegerField(_("stock"), default=0)
    reorder_level = models.PositiveIntegerField(_("reorder level"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("consumable")
        verbose_name_plural = _("consumables")
        ordering = ["kind", "name"]
        constraints = [models.CheckConstraint(condition=models.Q(stock__gte=0), name="consumable_stock_not_negative")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_low(self) -> bool:
        return self.stock <= self.reorder_level


class StockMovement(models.Model):
    """One change of a consumable's stock: purchase, consumption by a batch, or adjustment."""

    class Kind(models.TextChoices):
        PURCHASE = "compra", _("Purchase")
        CONSUMPTION = "consumo", _("Consumption")
        ADJUSTMENT = "ajuste", _("Adjustment")

    consumable = models.ForeignKey(
        Consumable, verbose_name=_("consumable"), on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    quantity = models.IntegerField(_("quantity"), help_text=_("Positive adds to stock, negative takes from it."))
    balance = models.IntegerField(_("balance after"))
    supplier = models.CharField(_("supplier"), max_length=150, blank=True)
    cost = models.DecimalField(_("total cost"), max_digits=14, decimal_places=2, null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=250, blank=True)
    batch = models.ForeignKey(
        "carnets.PrintBatch",
        verbose_name=_("print batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stock_movements",
    )
    created_by = user_link(_("recorded by"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.consumable} {self.quantity:+d}"
