from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from carnets import services
from carnets.forms import AdjustmentForm, ConsumableForm, MaintenanceForm, PrinterForm, PurchaseForm
from carnets.models import Consumable, Printer
from carnets.roles import CARD_WORKERS, STOCK_READERS
from core.audit import audit_record
from core.models import AuditEvent
from core.views.helpers import require_role, role_required, service_error


@role_required(*STOCK_READERS)
def printer_list(request):
    printers = Printer.objects.select_related("card_stock", "ribbon")
    return render(
        request,
        "carnets/printer_list.html",
        {"printers": printers, "today": timezone.localdate(), "can_work": request.user.has_role(*CARD_WORKERS)},
    )


@role_required(*CARD_WORKERS)
def printer_edit(request, pk: int | None = None):
    printer = get_object_or_404(Printer, pk=pk) if pk else Printer()
    form = PrinterForm(request.POST or None, instance=printer)
    if request.method == "POST" and form.is_valid():
        try:
            printer = services.printer_save(printer=form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Printer saved."))
            return redirect("carnets:printer-detail", printer.pk)
    return render(
        request,
        "carnets/simple_form.html",
        {"form": form, "title": _("Edit printer") if pk else _("New printer"), "back": "carnets:printer-list"},
    )


@role_required(*STOCK_READERS)
def printer_detail(request, pk: int):
    printer = get_object_or_404(Printer.objects.select_related("card_stock", "ribbon"), pk=pk)
    form = MaintenanceForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST":
        require_role(request, *CARD_WORKERS)
        if form.is_valid():
            record = form.save(commit=False)
            record.printer = printer
            try:
                services.maintenance_record(record=record, actor=request.user)
            except ValidationError as exc:
                service_error(request, exc, form)
            else:
                messages.success(request, _("Maintenance recorded."))
                return redirect("carnets:printer-detail", printer.pk)
    records = printer.maintenance.select_related("created_by")
    return render(
        request,
        "carnets/printer_detail.html",
        {
            "printer": printer,
            "records": records,
            "form": form,
            "today": timezone.localdate(),
            "can_work": request.user.has_role(*CARD_WORKERS),
        },
    )


@role_required(*STOCK_READERS)
def consumable_list(request):
    return render(
        request,
        "carnets/consumable_list.html",
        {"consumables": Consumable.objects.all(), "can_work": request.user.has_role(*CARD_WORKERS)},
    )


@role_required(*CARD_WORKERS)
def consumable_edit(request, pk: int | None = None):
    consumable = get_object_or_404(Consumable, pk=pk) if pk else Consumable()
    form = ConsumableForm(request.POST or None, instance=consumable)
    if request.method == "POST" and form.is_valid():
        consumable = form.save()
        audit_record(
            actor=request.user, action=AuditEvent.Action.UPDATE if pk else AuditEvent.Action.CREATE, obj=consumable
        )
        messages.success(request, _("Supply saved."))
        return redirect("carnets:consumable-detail", consumable.pk)
    return render(
        request,
        "carnets/simple_form.html",
        {"form": form, "title": _("Edit supply") if pk else _("New supply"), "back": "carnets:consumable-list"},
    )


@role_required(*STOCK_READERS)
def consumable_detail(request, pk: int):
    consumable = get_object_or_404(Consumable, pk=pk)
    purchase = PurchaseForm(request.POST if request.POST.get("kind") == "purchase" else None, prefix="p")
    adjust = AdjustmentForm(request.POST if request.POST.get("kind") == "adjust" else None, prefix="a")
    if request.method == "POST":
        require_role(request, *CARD_WORKERS)
        form = purchase if request.POST.get("kind") == "purchase" else adjust
        if form.is_valid():
            try:
                if form is purchase:
                    services.stock_purchase(consumable=consumable, actor=request.user, **form.cleaned_data)
                else:
                    services.stock_adjust(consumable=consumable, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                service_error(request, exc, form)
            else:
                messages.success(request, _("Stock updated."))
                return redirect("carnets:consumable-detail", consumable.pk)
    movements = consumable.movements.select_related("created_by", "batch")[:200]
    return render(
        request,
        "carnets/consumable_detail.html",
        {
            "consumable": consumable,
            "movements": movements,
            "purchase": purchase,
            "adjust": adjust,
            "can_work": request.user.has_role(*CARD_WORKERS),
        },
    )
