"""The acta of a delivery: its figures, signers, signing and payment approval."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent, User
from core.pdf import money
from core.uploads import UploadRefused, check_upload
from core.workflow import TransitionError, move
from vendor_audits.models import ACTA_WORKFLOW, Delivery, DeliveryActa
from vendor_audits.services.common import Box, _authorize, _status_labels

MAX_SCAN_BYTES = 20 * 1024 * 1024


def _check_file(upload, *, allowed: set[str], limit: int, what: str) -> None:
    try:
        check_upload(upload, allowed=allowed, max_bytes=limit)
    except UploadRefused as exc:
        if exc.code == "too_large":
            raise ValidationError(_("The %(what)s is too large.") % {"what": what}) from exc
        raise ValidationError(_("The %(what)s is not of an accepted type.") % {"what": what}) from exc


def acta_figures(*, delivery: Delivery) -> dict:
    """Plain data of the acta: boxes, samples, nonconformities, accepted forms × unit price."""
    contract = delivery.contract
    boxes = []
    accepted_forms = 0
    for box in delivery.boxes.order_by("code").prefetch_related("audits"):
        audits = sorted(box.audits.all(), key=lambda a: a.round)
        last = audits[-1] if audits else None
        if box.status == Box.ACCEPTED:
            accepted_forms += box.forms_declared
        boxes.append(
            {
                "code": box.code,
                "forms": box.forms_declared,
                "rounds": len(audits),
                "sample_size": last.sample_size if last else 0,
                "accept": last.accept_number if last else None,
                "reject": last.reject_number if last else None,
                "nonconforming": last.nonconforming if last else 0,
                "inspection": last.severity if last else "",
                "inspection_label": str(last.get_severity_display()) if last else "",
                "status": box.status,
                "status_label": str(box.get_status_display()),
            }
        )
    amount = (Decimal(accepted_forms) * contract.unit_price).quantize(Decimal("0.01"))
    return {
        "vendor": contract.vendor.name,
        "vendor_tax_id": contract.vendor.tax_id,
        "contract": contract.number,
        "aql": contract.aql,
        "delivery": delivery.number,
        "delivered_on": delivery.delivered_on.isoformat(),
        "unit_price": str(contract.unit_price),
        "boxes": boxes,
        "accepted_forms": accepted_forms,
        "amount": str(amount),
    }


def acta_prepare(*, delivery: Delivery, actor: User) -> DeliveryActa:
    """The delivery's acta, as a draft the first time."""
    _authorize(actor, _("prepare delivery minutes"))
    with transaction.atomic():
        acta, created = DeliveryActa.objects.get_or_create(delivery=delivery)
        if created:
            ACTA_WORKFLOW.record(acta, from_status="", to_status=acta.status, actor=actor)
            audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=acta)
    return acta


def _locked_acta(acta: DeliveryActa) -> DeliveryActa:
    return DeliveryActa.objects.select_for_update().select_related("delivery__contract__vendor").get(pk=acta.pk)


def acta_update(
    *, acta: DeliveryActa, actor: User, signers: list[dict], place: str, observations: str = ""
) -> DeliveryActa:
    _authorize(actor, _("change delivery minutes"))
    cleaned = [
        {"name": s.get("name", "").strip(), "role": s.get("role", "").strip()}
        for s in signers
        if s.get("name", "").strip()
    ]
    if not cleaned:
        raise ValidationError({"signers": [_("Name at least one person who signs, with their role.")]})
    if any(not s["role"] for s in cleaned):
        raise ValidationError({"signers": [_("Give the role of every person who signs.")]})
    with transaction.atomic():
        locked = _locked_acta(acta)
        if locked.is_locked:
            raise ValidationError(_("The acta is signed: it cannot be changed."))
        before = {"signers": locked.signers, "place": locked.place, "observations": locked.observations}
        locked.signers, locked.place, locked.observations = cleaned, place.strip(), observations.strip()
        locked.full_clean()
        locked.save(update_fields=["signers", "place", "observations"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=locked,
            changes={k: [v, getattr(locked, k)] for k, v in before.items() if v != getattr(locked, k)},
        )
    return locked


def acta_sign(*, acta: DeliveryActa, actor: User, signed_scan: File) -> DeliveryActa:
    """Upload the signed scan: the figures are frozen and nothing about the acta changes again."""
    _authorize(actor, _("sign delivery minutes"))
    _check_file(signed_scan, allowed={"pdf", "png", "jpeg"}, limit=MAX_SCAN_BYTES, what=_("scan"))
    with transaction.atomic():
        # Locked before the checks: the figures frozen are the ones checked.
        locked = _locked_acta(acta)
        if locked.is_locked:
            raise TransitionError(_("The acta is already signed."))
        if not locked.signers:
            raise ValidationError(_("Name who signs the acta before uploading the signed scan."))
        open_boxes = list(
            locked.delivery.boxes.filter(status__in=[Box.RECEIVED, Box.AUDITING]).values_list("code", flat=True)
        )
        if open_boxes:
            raise ValidationError(_("These boxes are not decided yet: %(codes)s.") % {"codes": ", ".join(open_boxes)})
        if not locked.delivery.boxes.exists():
            raise ValidationError(_("The delivery has no boxes."))
        figures = acta_figures(delivery=locked.delivery)

        def seal(row: DeliveryActa) -> None:
            row.snapshot = figures
            row.signed_scan = signed_scan
            row.signed_at = timezone.now()
            row.signed_recorded_by = actor

        return move(
            locked,
            workflow=ACTA_WORKFLOW,
            name="sign",
            actor=actor,
            note=_("Amount: %(amount)s.") % {"amount": money(figures["amount"])},
            apply=seal,
            save_fields=["snapshot", "signed_scan", "signed_at", "signed_recorded_by"],
            changes=_status_labels(ACTA_WORKFLOW, "sign"),
        )


def acta_approve_payment(*, acta: DeliveryActa, actor: User) -> DeliveryActa:
    """Approve paying the amount frozen when the acta was signed."""
    _authorize(actor, _("approve vendor payments"))

    def approve(row: DeliveryActa) -> None:
        row.payment_approved_at = timezone.now()
        row.payment_approved_by = actor

    with transaction.atomic():
        locked = _locked_acta(acta)  # the amount named is the one frozen in this very row
        return move(
            locked,
            workflow=ACTA_WORKFLOW,
            name="approve_payment",
            actor=actor,
            note=_("Amount: %(amount)s.") % {"amount": money(locked.snapshot.get("amount") or "0")},
            apply=approve,
            save_fields=["payment_approved_at", "payment_approved_by"],
            changes=_status_labels(ACTA_WORKFLOW, "approve_payment"),
        )
