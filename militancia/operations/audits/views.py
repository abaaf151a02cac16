"""Vendor digitization audit pages: vendors, deliveries, boxes and their sampling, the acta."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.audit import audit_record
from core.models import AuditEvent
from core.roles import Role
from core.views.files import file_response
from militancia.models.audits import BoxAudit, Delivery, DeliveryActa, FormBox, Vendor, VendorContract
from militancia.operations.pdf import acta_pdf

from . import selectors, services
from .forms import (
    ActaForm,
    BoxForm,
    ContractForm,
    DeliveryForm,
    ReceiveBackForm,
    ResumeInspectionForm,
    SampleItemForm,
    SignedScanForm,
    VendorForm,
)

AUDITORS = (Role.NATIONAL_ADMIN,)
VIEWERS = (Role.NATIONAL_ADMIN, Role.READ_ONLY)


def _require(request, roles):
    if not request.user.has_role(*roles):
        raise PermissionDenied


def _get(model, request, pk, **related):
    try:
        return model.objects.visible_to(request.user).select_related(*related.get("select", ())).get(pk=pk)
    except model.DoesNotExist as exc:
        raise Http404 from exc


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _form_errors(request, form) -> None:
    messages.error(request, " ".join(f"{e}" for errors in form.errors.values() for e in errors))


@login_required
def vendor_list(request):
    _require(request, VIEWERS)
    form = VendorForm(request.POST or None)
    if request.method == "POST":
        _require(request, AUDITORS)
        if not request.user.is_national:
            raise PermissionDenied
        if form.is_valid():
            try:
                vendor = services.vendor_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _error(request, exc)
            else:
                return redirect("audit-vendor-detail", pk=vendor.pk)
    vendors = selectors.vendor_list(user=request.user)
    return render(
        request,
        "militancia/operations/audits/vendor_list.html",
        {"vendors": vendors, "form": form, "can_audit": request.user.has_role(*AUDITORS)},
    )


@login_required
def vendor_detail(request, pk: int):
    _require(request, VIEWERS)
    vendor = _get(Vendor, request, pk)
    history = selectors.vendor_history(user=request.user, vendor=vendor)
    chart = {"months": history["months"], "series": history["series"]}
    return render(
        request,
        "militancia/operations/audits/vendor_detail.html",
        {
            "vendor": vendor,
            "contracts": selectors.vendor_contracts(user=request.user, vendor=vendor),
            "resume_form": ResumeInspectionForm(),
            "deliveries": Delivery.objects.filter(contract__vendor=vendor).select_related("contract", "acta"),
            "history": history,
            "chart": chart,
            "contract_form": ContractForm(),
            "delivery_form": DeliveryForm(vendor=vendor),
            "can_audit": request.user.has_role(*AUDITORS),
        },
    )


@login_required
@require_POST
def contract_create(request, pk: int):
    _require(request, AUDITORS)
    vendor = _get(Vendor, request, pk)
    form = ContractForm(request.POST)
    if form.is_valid():
        try:
            services.contract_create(actor=request.user, vendor=vendor, **form.cleaned_data)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Contract registered."))
    else:
        _form_errors(request, form)
    return redirect("audit-vendor-detail", pk=pk)


@login_required
@require_POST
def inspection_resume(request, pk: int):
    _require(request, AUDITORS)
    contract = _get(VendorContract, request, pk)
    form = ResumeInspectionForm(request.POST)
    if form.is_valid():
        try:
            services.inspection_resume(
                contract=contract, actor=request.user, corrective_action=form.cleaned_data["corrective_action"]
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Inspection resumed, on tightened inspection."))
    else:
        _form_errors(request, form)
    return redirect("audit-vendor-detail", pk=contract.vendor_id)


@login_required
@require_POST
def delivery_create(request, pk: int):
    _require(request, AUDITORS)
    vendor = _get(Vendor, request, pk)
    form = DeliveryForm(request.POST, vendor=vendor)
    if form.is_valid():
        try:
            delivery = services.delivery_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _error(request, exc)
        else:
            return redirect("audit-delivery-detail", pk=delivery.pk)
    else:
        _form_errors(request, form)
    return redirect("audit-vendor-detail", pk=pk)


@login_required
def delivery_detail(request, pk: int):
    _require(request, VIEWERS)
    delivery = _get(Delivery, request, pk, select=("contract__vendor",))
    acta = DeliveryActa.objects.filter(delivery=delivery).first()
    acta_form = None
    if acta is not None and not acta.is_locked:
        acta_form = ActaForm(
            initial={
                "place": acta.place,
                "observations": acta.observations,
                "signers": "\n".join(f"{s['name']}, {s['role']}" for s in acta.signers),
            }
        )
    return render(
        request,
        "militancia/operations/audits/delivery_detail.html",
        {
            "delivery": delivery,
            "boxes": delivery.boxes.all(),
            "box_form": BoxForm(),
            "acta": acta,
            "acta_form": acta_form,
            "scan_form": SignedScanForm(),
            "figures": acta.snapshot if acta and acta.is_locked else services.acta_figures(delivery),
            "can_audit": request.user.has_role(*AUDITORS),
        },
    )


@login_required
@require_POST
def box_create(request, pk: int):
    _require(request, AUDITORS)
    delivery = _get(Delivery, request, pk)
    form = BoxForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.box_register(actor=request.user, delivery=delivery, **form.cleaned_data)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Box registered."))
    else:
        _form_errors(request, form)
    return redirect("audit-delivery-detail", pk=pk)


@login_required
def box_detail(request, pk: int):
    _require(request, VIEWERS)
    try:
        box = selectors.box_detail(user=request.user, pk=pk)
    except FormBox.DoesNotExist as exc:
        raise Http404 from exc
    audits = list(box.audits.order_by("-round"))
    current = audits[0] if audits else None
    rows = []
    if current is not None:
        items = list(current.items.select_related("member"))
        manifest = services.manifest_rows(box, [item.position for item in items])
        for item in items:
            rows.append(
                {
                    "item": item,
                    "manifest": manifest.get(item.position),
                    "form": SampleItemForm(
                        initial={
                            "position": item.position,
                            "id_number": item.id_number,
                            "discrepancies": item.discrepancies,
                            "notes": item.notes,
                        },
                        prefix=f"p{item.position}",
                    ),
                }
            )
    return render(
        request,
        "militancia/operations/audits/box_detail.html",
        {
            "box": box,
            "audits": audits,
            "current": current,
            "rows": rows,
            "errors": services.rejected_errors(box) if box.status in ("rejected", "returned") else [],
            "receive_form": ReceiveBackForm(),
            "can_audit": request.user.has_role(*AUDITORS),
            "checked": sum(1 for r in rows if r["item"].checked),
        },
    )


@login_required
@require_POST
def audit_start(request, pk: int):
    _require(request, AUDITORS)
    box = _get(FormBox, request, pk)
    try:
        services.audit_start(box=box, actor=request.user)
    except ValidationError as exc:
        _error(request, exc)
    return redirect("audit-box-detail", pk=pk)


@login_required
@require_POST
def sample_save(request, pk: int):
    _require(request, AUDITORS)
    audit = _get(BoxAudit, request, pk)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        position = -1
    form = SampleItemForm(request.POST, prefix=f"p{position}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.sample_record(
                audit=audit,
                position=position,
                actor=request.user,
                id_number=data["id_number"],
                discrepancies=data["discrepancies"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            _error(request, exc)
    else:
        _form_errors(request, form)
    return redirect(reverse("audit-box-detail", args=[audit.box_id]) + f"#form-{position}")


@login_required
@require_POST
def audit_decide(request, pk: int):
    _require(request, AUDITORS)
    audit = _get(BoxAudit, request, pk)
    try:
        decided = services.audit_decide(audit=audit, actor=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Box %(result)s.") % {"result": decided.get_result_display().lower()})
        _announce_switch(request, decided)
    return redirect("audit-box-detail", pk=audit.box_id)


SWITCH_MESSAGES = {
    "tightened": gettext_lazy(
        "Two of the last five boxes of this contract were rejected: from the next box on, inspection is tightened."
    ),
    "normal": gettext_lazy(
        "Five boxes in a row were accepted on tightened inspection: the contract returns to normal inspection."
    ),
    "discontinued": gettext_lazy(
        "Five boxes were rejected on tightened inspection: the inspection of this contract is discontinued until "
        "the vendor's corrective action is recorded."
    ),
}


def _announce_switch(request, decided: BoxAudit) -> None:
    """Tell the auditor when this decision moved the contract to another inspection."""
    if decided.round != 1:
        return
    state = services.contract_switching_state(decided.box.delivery.contract)
    if state.severity != decided.severity:
        level = messages.ERROR if state.discontinued else messages.WARNING
        messages.add_message(request, level, SWITCH_MESSAGES[state.severity])


@login_required
@require_POST
def box_return(request, pk: int):
    _require(request, AUDITORS)
    box = _get(FormBox, request, pk)
    try:
        services.box_return(box=box, actor=request.user)
    except ValidationError as exc:
        _error(request, exc)
    return redirect("audit-box-detail", pk=pk)


@login_required
@require_POST
def box_receive_back(request, pk: int):
    _require(request, AUDITORS)
    box = _get(FormBox, request, pk)
    form = ReceiveBackForm(request.POST)
    if form.is_valid():
        try:
            services.box_receive_back(box=box, actor=request.user, received_on=form.cleaned_data["received_on"])
        except ValidationError as exc:
            _error(request, exc)
    return redirect("audit-box-detail", pk=pk)


@login_required
@require_POST
def acta_save(request, pk: int):
    _require(request, AUDITORS)
    delivery = _get(Delivery, request, pk)
    acta = services.acta_prepare(delivery=delivery, actor=request.user)
    if "signers" in request.POST:
        form = ActaForm(request.POST)
        if form.is_valid():
            try:
                services.acta_update(acta=acta, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _error(request, exc)
            else:
                messages.success(request, _("Acta saved."))
        else:
            _form_errors(request, form)
    return redirect("audit-delivery-detail", pk=pk)


@login_required
def acta_download(request, pk: int):
    _require(request, VIEWERS)
    delivery = _get(Delivery, request, pk, select=("contract__vendor",))
    acta = DeliveryActa.objects.filter(delivery=delivery).first()
    if acta is None:
        raise Http404
    figures = acta.snapshot if acta.is_locked else services.acta_figures(delivery)
    data = {
        **figures,
        "status": acta.status,
        "place": acta.place,
        "signers": acta.signers,
        "observations": acta.observations,
    }
    audit_record(actor=request.user, action=AuditEvent.Action.DOWNLOAD, obj=acta)
    response = HttpResponse(acta_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="acta-{delivery.pk}.pdf"'
    return response


@login_required
@require_POST
def acta_sign(request, pk: int):
    _require(request, AUDITORS)
    delivery = _get(Delivery, request, pk)
    acta = DeliveryActa.objects.filter(delivery=delivery).first()
    if acta is None:
        raise Http404
    form = SignedScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.acta_sign(acta=acta, actor=request.user, signed_scan=form.cleaned_data["signed_scan"])
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Acta signed."))
    else:
        _form_errors(request, form)
    return redirect("audit-delivery-detail", pk=pk)


@login_required
@require_POST
def acta_approve(request, pk: int):
    _require(request, AUDITORS)
    delivery = _get(Delivery, request, pk)
    acta = DeliveryActa.objects.filter(delivery=delivery).first()
    if acta is None:
        raise Http404
    try:
        services.acta_approve_payment(acta=acta, actor=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Payment approved."))
    return redirect("audit-delivery-detail", pk=pk)


@login_required
def acta_scan(request, pk: int):
    _require(request, VIEWERS)
    delivery = _get(Delivery, request, pk)
    acta = DeliveryActa.objects.filter(delivery=delivery).first()
    if acta is None or not acta.signed_scan:
        raise Http404
    audit_record(actor=request.user, action=AuditEvent.Action.DOWNLOAD, obj=acta, message="acta firmada escaneada")
    return file_response(acta.signed_scan, acta.signed_scan.name.rsplit("/", 1)[-1])
