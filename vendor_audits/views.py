"""Vendor digitization audit pages: vendors, deliveries, boxes and their sampling, the acta."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.audit import audit_record
from core.models import AuditEvent
from core.roles import Role
from core.views.files import file_response
from core.views.helpers import (
    call_service,
    pdf_response,
    require_role,
    role_required,
    service_error,
    submit_form,
)
from vendor_audits.models import BoxAudit, Delivery, DeliveryActa, FormBox, SampleItem, Vendor, VendorContract
from vendor_audits.pdf import acta_pdf
from vendor_audits.roles import AUDITORS

from . import selectors, services
from .forms import (
    ActaForm,
    BoxForm,
    ContractForm,
    DeliveryForm,
    ReceiveBackForm,
    ResumeInspectionForm,
    SampleItemForm,
    SamplePageForm,
    SignedScanForm,
    VendorForm,
)

VIEWERS = (Role.NATIONAL_ADMIN, Role.READ_ONLY)


def _get(model, request, pk, **related):
    try:
        return model.objects.visible_to(request.user).select_related(*related.get("select", ())).get(pk=pk)
    except model.DoesNotExist as exc:
        raise Http404 from exc


def _acta_or_404(delivery: Delivery) -> DeliveryActa:
    acta = DeliveryActa.objects.filter(delivery=delivery).first()
    if acta is None:
        raise Http404
    return acta


@role_required(*VIEWERS)
def vendor_list(request):
    form = VendorForm(request.POST or None)
    if request.method == "POST":
        require_role(request, *AUDITORS)
        if not request.user.is_national:
            raise PermissionDenied
        if form.is_valid():
            try:
                vendor = services.vendor_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                service_error(request, exc)
            else:
                return redirect("vendor_audits:audit-vendor-detail", pk=vendor.pk)
    vendors = selectors.vendor_list(user=request.user)
    return render(
        request,
        "vendor_audits/vendor_list.html",
        {"vendors": vendors, "form": form, "can_audit": request.user.has_role(*AUDITORS)},
    )


@role_required(*VIEWERS)
def vendor_detail(request, pk: int):
    vendor = _get(Vendor, request, pk)
    history = selectors.vendor_history(user=request.user, vendor=vendor)
    contracts = selectors.vendor_contracts(user=request.user, vendor=vendor)
    # The usual case, one contract: the new delivery is for it.
    delivery_initial = {"contract": contracts[0]["contract"].pk} if len(contracts) == 1 else {}
    chart = {"months": history["months"], "series": history["series"]}
    return render(
        request,
        "vendor_audits/vendor_detail.html",
        {
            "vendor": vendor,
            "contracts": contracts,
            "resume_form": ResumeInspectionForm(),
            "deliveries": Delivery.objects.filter(contract__vendor=vendor).select_related("contract", "acta"),
            "history": history,
            "chart": chart,
            # Both forms have a "number": distinct ids keep each label tied to its own field.
            "contract_form": ContractForm(auto_id="contract_%s"),
            "delivery_form": DeliveryForm(vendor=vendor, auto_id="delivery_%s", initial=delivery_initial),
            "can_audit": request.user.has_role(*AUDITORS),
        },
    )


@role_required(*AUDITORS)
@require_POST
def contract_create(request, pk: int):
    vendor = _get(Vendor, request, pk)
    submit_form(
        request,
        ContractForm(request.POST),
        lambda data: services.contract_create(actor=request.user, vendor=vendor, **data),
        success=_("Contract registered."),
    )
    return redirect("vendor_audits:audit-vendor-detail", pk=pk)


@role_required(*AUDITORS)
@require_POST
def inspection_resume(request, pk: int):
    contract = _get(VendorContract, request, pk)
    submit_form(
        request,
        ResumeInspectionForm(request.POST),
        lambda data: services.inspection_resume(contract=contract, actor=request.user, **data),
        success=_("Inspection resumed, on tightened inspection."),
    )
    return redirect("vendor_audits:audit-vendor-detail", pk=contract.vendor_id)


@role_required(*AUDITORS)
@require_POST
def delivery_create(request, pk: int):
    vendor = _get(Vendor, request, pk)
    form = DeliveryForm(request.POST, vendor=vendor)
    delivery = submit_form(request, form, lambda data: services.delivery_create(actor=request.user, **data))
    if delivery is not None:
        return redirect("vendor_audits:audit-delivery-detail", pk=delivery.pk)
    return redirect("vendor_audits:audit-vendor-detail", pk=pk)


@role_required(*VIEWERS)
def delivery_detail(request, pk: int):
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
        "vendor_audits/delivery_detail.html",
        {
            "delivery": delivery,
            "boxes": delivery.boxes.all(),
            "box_form": BoxForm(),
            "acta": acta,
            "acta_history": acta.history.select_related("actor") if acta else [],
            "acta_form": acta_form,
            "scan_form": SignedScanForm(),
            "figures": acta.snapshot if acta and acta.is_locked else services.acta_figures(delivery=delivery),
            "can_audit": request.user.has_role(*AUDITORS),
        },
    )


@role_required(*AUDITORS)
@require_POST
def box_create(request, pk: int):
    delivery = _get(Delivery, request, pk)
    submit_form(
        request,
        BoxForm(request.POST, request.FILES),
        lambda data: services.box_register(actor=request.user, delivery=delivery, **data),
        success=_("Box registered."),
    )
    return redirect("vendor_audits:audit-delivery-detail", pk=pk)


SAMPLE_PAGE_SIZE = 50  # rows per page of the sample: one "Save" records them all


def _sample_page(current: BoxAudit, page: int) -> tuple[list, int, int]:
    """The sampled items on page `page` (1-based, clamped), the page and the number of pages."""
    pages = max(1, -(-current.sample_size // SAMPLE_PAGE_SIZE))
    page = min(max(page, 1), pages)
    start = (page - 1) * SAMPLE_PAGE_SIZE
    items = list(current.items.select_related("member").order_by("position")[start : start + SAMPLE_PAGE_SIZE])
    return items, page, pages


def _sample_rows(box: FormBox, items: list, data=None) -> list[dict]:
    manifest = services.manifest_rows(box=box, positions=[item.position for item in items])
    labels = dict(SampleItem.Field.choices)
    rows = []
    for item in items:
        initial = {"id_number": item.id_number, "discrepancies": item.discrepancies, "notes": item.notes}
        rows.append(
            {
                "item": item,
                "manifest": manifest.get(item.position),
                "labels": [labels.get(f, f) for f in item.discrepancies],
                "form": SampleItemForm(data, initial=initial, prefix=f"p{item.position}"),
            }
        )
    return rows


def _page_number(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1


SENT_BACK = (FormBox.Status.REJECTED, FormBox.Status.RETURNED)  # the box page lists the errors


def _render_box(request, box: FormBox, *, page: int = 1, data=None, status: int = 200):
    audits = list(box.audits.order_by("-round"))
    current = audits[0] if audits else None
    rows, pages, checked = [], 1, 0
    if current is not None:
        items, page, pages = _sample_page(current, page)
        rows = _sample_rows(box, items, data)
        checked = current.items.filter(checked=True).count()
    first_open = next((row for row in rows if not row["item"].checked), rows[0] if rows else None)
    return render(
        request,
        "vendor_audits/box_detail.html",
        {
            "box": box,
            "audits": audits,
            "current": current,
            "rows": rows,
            "focus_position": first_open["item"].position if first_open else None,
            "page": page,
            "pages": range(1, pages + 1),
            "page_count": pages,
            "page_form": SamplePageForm(initial={"page": page}),
            "errors": services.rejected_errors(box=box) if box.status in SENT_BACK else [],
            "history": box.history.select_related("actor"),
            "receive_form": ReceiveBackForm(),
            "can_audit": request.user.has_role(*AUDITORS),
            "checked": checked,
        },
        status=status,
    )


def _box_or_404(request, pk: int) -> FormBox:
    try:
        return selectors.box_detail(user=request.user, pk=pk)
    except FormBox.DoesNotExist as exc:
        raise Http404 from exc


@role_required(*VIEWERS)
def box_detail(request, pk: int):
    box = _box_or_404(request, pk)
    return _render_box(request, box, page=_page_number(request.GET.get("pagina")))


@role_required(*AUDITORS)
@require_POST
def audit_start(request, pk: int):
    box = _get(FormBox, request, pk)
    call_service(request, lambda: services.audit_start(box=box, actor=request.user))
    return redirect("vendor_audits:audit-box-detail", pk=pk)


def _box_page_url(box_id: int, page: int) -> str:
    url = reverse("vendor_audits:audit-box-detail", args=[box_id])
    return f"{url}?pagina={page}" if page > 1 else url


@role_required(*AUDITORS)
@require_POST
def sample_save(request, pk: int):
    """Save one page of the sample: every row on it is recorded, conforming unless a field is marked."""
    audit = _get(BoxAudit, request, pk)
    box = _box_or_404(request, audit.box_id)
    page_form = SamplePageForm(request.POST)
    page = page_form.cleaned_data["page"] if page_form.is_valid() else 1
    items, page, pages = _sample_page(audit, page)
    rows = _sample_rows(box, items, request.POST)
    invalid = [row for row in rows if not row["form"].is_valid()]
    if invalid:
        for row in invalid:
            for errors in row["form"].errors.values():
                messages.error(
                    request, _("Form %(p)s: %(error)s") % {"p": row["item"].position, "error": " ".join(errors)}
                )
        return _render_box(request, box, page=page, data=request.POST, status=422)
    entries = [{"position": row["item"].position, **row["form"].cleaned_data} for row in rows]
    try:
        saved = services.sample_record_many(audit=audit, actor=request.user, entries=entries)
    except ValidationError as exc:
        service_error(request, exc)
        return _render_box(request, box, page=page, data=request.POST, status=422)
    bad = sum(1 for item in saved if item.discrepancies)
    messages.success(
        request,
        _("Forms saved: %(n)s (conforming: %(ok)s, nonconforming: %(bad)s).")
        % {"n": len(saved), "ok": len(saved) - bad, "bad": bad},
    )
    return redirect(_box_page_url(box.pk, page + 1 if page < pages else page))


@role_required(*AUDITORS)
@require_POST
def sample_rest_conforming(request, pk: int):
    """The fast path: every sampled form not checked yet conforms."""
    audit = _get(BoxAudit, request, pk)
    call_service(
        request,
        lambda: services.sample_record_rest_conforming(audit=audit, actor=request.user),
        success=lambda count: _("Remaining forms recorded as conforming: %(n)s.") % {"n": count},
    )
    return redirect("vendor_audits:audit-box-detail", pk=audit.box_id)


@role_required(*AUDITORS)
@require_POST
def audit_decide(request, pk: int):
    audit = _get(BoxAudit, request, pk)
    decided = call_service(
        request,
        lambda: services.audit_decide(audit=audit, actor=request.user),
        success=lambda decided: _("Box %(result)s.") % {"result": decided.get_result_display().lower()},
    )
    if decided is not None:
        _announce_switch(request, decided)
    return redirect("vendor_audits:audit-box-detail", pk=audit.box_id)


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
    state = services.contract_switching_state(contract=decided.box.delivery.contract)
    if state.severity != decided.severity:
        level = messages.ERROR if state.discontinued else messages.WARNING
        messages.add_message(request, level, SWITCH_MESSAGES[state.severity])


@role_required(*AUDITORS)
@require_POST
def box_return(request, pk: int):
    box = _get(FormBox, request, pk)
    call_service(request, lambda: services.box_return(box=box, actor=request.user))
    return redirect("vendor_audits:audit-box-detail", pk=pk)


@role_required(*AUDITORS)
@require_POST
def box_receive_back(request, pk: int):
    box = _get(FormBox, request, pk)
    submit_form(
        request,
        ReceiveBackForm(request.POST),
        lambda data: services.box_receive_back(box=box, actor=request.user, **data),
    )
    return redirect("vendor_audits:audit-box-detail", pk=pk)


@role_required(*AUDITORS)
@require_POST
def acta_save(request, pk: int):
    delivery = _get(Delivery, request, pk)
    acta = services.acta_prepare(delivery=delivery, actor=request.user)
    if "signers" in request.POST:
        submit_form(
            request,
            ActaForm(request.POST),
            lambda data: services.acta_update(acta=acta, actor=request.user, **data),
            success=_("Acta saved."),
        )
    return redirect("vendor_audits:audit-delivery-detail", pk=pk)


@role_required(*VIEWERS)
def acta_download(request, pk: int):
    delivery = _get(Delivery, request, pk, select=("contract__vendor",))
    acta = _acta_or_404(delivery)
    figures = acta.snapshot if acta.is_locked else services.acta_figures(delivery=delivery)
    data = {
        **figures,
        "status": acta.status,
        "place": acta.place,
        "signers": acta.signers,
        "observations": acta.observations,
    }
    audit_record(actor=request.user, action=AuditEvent.Action.DOWNLOAD, obj=acta)
    return pdf_response(acta_pdf(data), filename=f"acta-{delivery.pk}.pdf", inline=True)


@role_required(*AUDITORS)
@require_POST
def acta_sign(request, pk: int):
    acta = _acta_or_404(_get(Delivery, request, pk))
    submit_form(
        request,
        SignedScanForm(request.POST, request.FILES),
        lambda data: services.acta_sign(acta=acta, actor=request.user, **data),
        success=_("Acta signed."),
    )
    return redirect("vendor_audits:audit-delivery-detail", pk=pk)


@role_required(*AUDITORS)
@require_POST
def acta_approve(request, pk: int):
    acta = _acta_or_404(_get(Delivery, request, pk))
    call_service(
        request, lambda: services.acta_approve_payment(acta=acta, actor=request.user), success=_("Payment approved.")
    )
    return redirect("vendor_audits:audit-delivery-detail", pk=pk)


@role_required(*VIEWERS)
def acta_scan(request, pk: int):
    delivery = _get(Delivery, request, pk)
    acta = DeliveryActa.objects.filter(delivery=delivery).first()
    if acta is None or not acta.signed_scan:
        raise Http404
    audit_record(actor=request.user, action=AuditEvent.Action.DOWNLOAD, obj=acta, message=_("scanned signed acta"))
    return file_response(acta.signed_scan, acta.signed_scan.name.rsplit("/", 1)[-1])
