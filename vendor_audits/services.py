"""Every write of the vendor digitization audit: boxes, sampling rounds, results, decisions, the acta."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent, Territory, User
from core.pdf import money, number
from core.uploads import UploadRefused, check_upload
from militancia.identity import InvalidIdNumber, normalize_id_number
from militancia.models import Member
from vendor_audits.models import (
    BoxAudit,
    Delivery,
    DeliveryActa,
    FormBox,
    Inspection,
    InspectionResumption,
    SampleItem,
    Vendor,
    VendorContract,
)

from .sampling import LotResult, Resumption, SwitchingState, new_seed, sample_positions, sampling_plan, switching_state

Box = FormBox.Status
FIELDS = {choice.value for choice in SampleItem.Field}
MAX_SCAN_BYTES = 20 * 1024 * 1024


def _labels(choices, *codes) -> list[str]:
    """The people's names of stored codes, for audit events: the log shows "En auditoría → Rechazada"."""
    return [str(choices(code).label) for code in codes]


def _refuse_if_signed(delivery: Delivery) -> None:
    acta = DeliveryActa.objects.filter(delivery=delivery).only("status").first()
    if acta is not None and acta.is_locked:
        raise ValidationError(_("The acta of this delivery is signed: nothing about it can be changed."))


def _check_file(upload, *, allowed: set[str], limit: int, what: str) -> None:
    try:
        check_upload(upload, allowed=allowed, max_bytes=limit)
    except UploadRefused as exc:
        if exc.code == "too_large":
            raise ValidationError(_("The %(what)s is too large.") % {"what": what}) from exc
        raise ValidationError(_("The %(what)s is not of an accepted type.") % {"what": what}) from exc


def vendor_create(
    *, actor: User, name: str, tax_id: str = "", contact_name: str = "", email: str = "", phone: str = ""
):
    vendor = Vendor(name=name.strip(), tax_id=tax_id, contact_name=contact_name, email=email, phone=phone)
    vendor.full_clean()
    with transaction.atomic():
        vendor.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=vendor)
    return vendor


def contract_create(
    *, actor: User, vendor: Vendor, number: str, unit_price: Decimal, aql: str, starts_on: date, ends_on=None
) -> VendorContract:
    contract = VendorContract(
        vendor=vendor, number=number.strip(), unit_price=unit_price, aql=aql, starts_on=starts_on, ends_on=ends_on
    )
    contract.full_clean()
    with transaction.atomic():
        contract.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=contract)
    return contract


def delivery_create(
    *, actor: User, contract: VendorContract, number: str, delivered_on: date, notes: str = ""
) -> Delivery:
    delivery = Delivery(contract=contract, number=number.strip(), delivered_on=delivered_on, notes=notes)
    delivery.full_clean()
    with transaction.atomic():
        delivery.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=delivery)
    return delivery


def box_register(
    *,
    actor: User,
    delivery: Delivery,
    code: str,
    forms_declared: int,
    received_on: date,
    territory: Territory | None = None,
    manifest=None,
) -> FormBox:
    """A box arrives. Its manifest (the vendor's file of the records digitized from it) enters the
    roster pipeline: checked, mapped, previewed and imported on the roster pages, linked to the box."""
    _refuse_if_signed(delivery)
    if manifest is not None and territory is None:
        raise ValidationError({"territory": [_("Choose the territory of the forms to import the manifest.")]})
    box = FormBox(
        delivery=delivery,
        code=code.strip().upper(),
        forms_declared=forms_declared,
        received_on=received_on,
        territory=territory,
    )
    box.full_clean(exclude=["manifest_upload"])
    with transaction.atomic():
        if manifest is not None:
            from rosters.services import roster_upload_create

            # The signed consents of these members are the paper forms in this very box.
            box.manifest_upload = roster_upload_create(
                uploaded_file=manifest,
                territory=territory,
                consent_location=f"Caja {box.code} · {delivery.contract.vendor.name}"[:250],
                actor=actor,
            )
        box.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=box)
    return box


def manifest_rows(*, box: FormBox, positions: Iterable[int]) -> dict:
    """{position: RosterRow}: the p-th data row of the manifest describes the p-th form in the box."""
    if not box.manifest_upload_id:
        return {}
    from rosters.models import RosterRow

    lines = list(
        RosterRow.objects.filter(upload_id=box.manifest_upload_id).order_by("line").values_list("line", flat=True)
    )
    wanted = {lines[p - 1]: p for p in positions if 0 < p <= len(lines)}
    rows = RosterRow.objects.filter(upload_id=box.manifest_upload_id, line__in=list(wanted)).select_related("member")
    return {wanted[row.line]: row for row in rows}


def _locked_box(box: FormBox) -> FormBox:
    return FormBox.objects.select_for_update().select_related("delivery__contract").get(pk=box.pk)


# ---- Switching between normal and tightened inspection --------------------------------------------


def contract_switching_state(*, contract: VendorContract) -> SwitchingState:
    """The contract's inspection now, replayed from its original inspections and resumptions."""
    return contract_switching_states(contract_ids=[contract.pk])[contract.pk]


def contract_switching_states(*, contract_ids: list[int]) -> dict[int, SwitchingState]:
    """The inspection now of several contracts, in two queries whatever their number."""
    events: dict[int, list] = {pk: [] for pk in contract_ids}
    lots = (
        BoxAudit.objects.filter(
            box__delivery__contract__in=contract_ids,
            round=1,  # resubmitted boxes do not count for switching (ISO 2859-1 9.3)
            result__in=[BoxAudit.Result.ACCEPTED, BoxAudit.Result.REJECTED],
        )
        .order_by("decided_at", "id")
        .values_list("box__delivery__contract_id", "decided_at", "result", "accept_number", "nonconforming")
    )
    for contract_id, decided_at, result, accept_number, nonconforming in lots:
        events[contract_id].append(
            LotResult(
                at=decided_at,
                accepted=result == BoxAudit.Result.ACCEPTED,
                accept_number=accept_number,
                nonconforming=nonconforming,
            )
        )
    resumptions = InspectionResumption.objects.filter(contract__in=contract_ids).values_list(
        "contract_id", "resumed_at"
    )
    for contract_id, resumed_at in resumptions:
        events[contract_id].append(Resumption(at=resumed_at))
    # A resumption sorts after a lot decided at the same instant: it answers the rejections before it.
    return {
        pk: switching_state(sorted(items, key=lambda e: (e.at, isinstance(e, Resumption))))
        for pk, items in events.items()
    }


def _locked_contract(contract_id: int) -> VendorContract:
    # Serializes starts, decisions and resumptions of one contract: the switching state they read
    # must not change under them.
    return VendorContract.objects.select_for_update().get(pk=contract_id)


def inspection_resume(*, contract: VendorContract, actor: User, corrective_action: str) -> InspectionResumption:
    """Resume a discontinued inspection after the vendor's corrective action: boxes are audited
    again, on tightened inspection (ISO 2859-1 9.4)."""
    corrective_action = corrective_action.strip()
    if len(corrective_action) < 10:
        raise ValidationError(
            {"corrective_action": [_("Describe the vendor's corrective action (at least 10 characters).")]}
        )
    with transaction.atomic():
        locked = _locked_contract(contract.pk)
        if not contract_switching_state(contract=locked).discontinued:
            raise ValidationError(_("The inspection of this contract is not discontinued."))
        resumption = InspectionResumption.objects.create(
            contract=locked, corrective_action=corrective_action, resumed_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.STATUS_CHANGE,
            obj=locked,
            changes={"inspection": _labels(Inspection, Inspection.DISCONTINUED, Inspection.TIGHTENED)},
            message=corrective_action[:500],
        )
    return resumption


def audit_start(*, box: FormBox, actor: User, aql: str | None = None, seed: int | None = None) -> BoxAudit:
    """Open an inspection round: take the plan from the table of the contract's current inspection
    (normal or tightened) and draw the forms with a recorded seed."""
    with transaction.atomic():
        locked = _locked_box(box)
        _refuse_if_signed(locked.delivery)
        if locked.status != Box.RECEIVED:
            raise ValidationError(
                _("A box that is “%(status)s” cannot be audited now.") % {"status": locked.get_status_display()}
            )
        contract = _locked_contract(locked.delivery.contract_id)
        state = contract_switching_state(contract=contract)
        if state.discontinued:
            raise ValidationError(
                _(
                    "The inspection of contract %(contract)s is discontinued: five boxes were rejected on "
                    "tightened inspection. Record the vendor's corrective action on the vendor's page to resume it."
                )
                % {"contract": contract.number}
            )
        aql = aql or contract.aql
        plan = sampling_plan(locked.forms_declared, aql, state.severity)
        seed = seed if seed is not None else new_seed()
        round_number = (locked.audits.order_by("-round").values_list("round", flat=True).first() or 0) + 1
        positions = sample_positions(plan.lot_size, plan.sample_size, seed)
        audit = BoxAudit.objects.create(
            box=locked,
            round=round_number,
            lot_size=plan.lot_size,
            aql=aql,
            code_letter=plan.code_letter,
            sample_size=plan.sample_size,
            accept_number=plan.accept,
            reject_number=plan.reject,
            full_inspection=plan.full_inspection,
            severity=plan.severity,
            seed=seed,
            positions=positions,
            auditor=actor,
        )
        SampleItem.objects.bulk_create(SampleItem(audit=audit, position=p) for p in positions)
        locked.status = Box.AUDITING
        locked.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=audit,
            message=_(
                "%(inspection)s inspection: sample of %(n)s forms, accept with %(ac)s or fewer nonconforming, "
                "reject with %(re)s or more; seed %(seed)s."
            )
            % {
                "inspection": _labels(Inspection, plan.severity)[0].lower(),
                "n": number(plan.sample_size),
                "ac": plan.accept,
                "re": plan.reject,
                "seed": seed,
            },
        )
    return audit


def sample_record(
    *, audit: BoxAudit, position: int, actor: User, id_number: str = "", discrepancies=(), notes: str = ""
) -> SampleItem:
    """Record the comparison of one sampled form with its record. Refused for a form not in the sample."""
    entry = {"position": position, "id_number": id_number, "discrepancies": discrepancies, "notes": notes}
    return sample_record_many(audit=audit, actor=actor, entries=[entry])[0]


def sample_record_many(*, audit: BoxAudit, actor: User, entries: list[dict]) -> list[SampleItem]:
    """Record the comparison of several sampled forms at once (a page of the sample): each entry is
    {position, id_number, discrepancies, notes}; a form with no discrepancy conforms. All or nothing:
    one wrong entry refuses the lot with a message naming its form."""
    cleaned = []
    for entry in entries:
        discrepancies = sorted(set(entry.get("discrepancies") or ()))
        unknown = set(discrepancies) - FIELDS
        if unknown:
            raise ValidationError(_("Unknown field: %(f)s.") % {"f": ", ".join(sorted(unknown))})
        cleaned.append({**entry, "discrepancies": discrepancies})
    with transaction.atomic():
        locked = _locked_open_audit(audit)
        positions = [entry["position"] for entry in cleaned]
        outside = [p for p in positions if p not in locked.positions]
        if outside:
            raise ValidationError({"position": [_("Form %(p)s is not in the sample of this box.") % {"p": outside[0]}]})
        items = {
            item.position: item
            for item in SampleItem.objects.select_for_update().filter(audit=locked, position__in=positions)
        }
        # Nothing typed: compare with the record the vendor's manifest gives for the position.
        blank = [entry["position"] for entry in cleaned if not (entry.get("id_number") or "").strip()]
        manifest = manifest_rows(box=locked.box, positions=blank) if blank else {}
        numbers = {}
        for entry in cleaned:
            typed = (entry.get("id_number") or "").strip()
            if not typed and entry["position"] in manifest:
                typed = manifest[entry["position"]].id_number
            if typed:
                try:
                    numbers[entry["position"]] = normalize_id_number("CC", typed)
                except InvalidIdNumber as exc:
                    raise ValidationError(
                        {"id_number": [_("Form %(p)s: %(error)s") % {"p": entry["position"], "error": exc}]}
                    ) from exc
        members = {m.id_number: m for m in Member.objects.filter(id_number__in=set(numbers.values()))}
        now = timezone.now()
        saved = []
        for entry in cleaned:
            item = items[entry["position"]]
            number = numbers.get(entry["position"], "")
            member = members.get(number) if number else None
            discrepancies = entry["discrepancies"]
            if number and member is None and SampleItem.Field.RECORD not in discrepancies:
                discrepancies = sorted({*discrepancies, SampleItem.Field.RECORD.value})
            item.id_number = number
            item.member = member
            item.discrepancies = discrepancies
            item.notes = (entry.get("notes") or "").strip()[:500]
            item.checked = True
            item.checked_by = actor
            item.checked_at = now
            saved.append(item)
        SampleItem.objects.bulk_update(
            saved, ["id_number", "member", "discrepancies", "notes", "checked", "checked_by", "checked_at"]
        )
    return saved


def sample_record_rest_conforming(*, audit: BoxAudit, actor: User) -> int:
    """Every sampled form not yet checked conforms (each still compared with its manifest record).
    Returns how many forms were recorded."""
    with transaction.atomic():
        locked = _locked_open_audit(audit)
        pending = list(locked.items.filter(checked=False).values_list("position", flat=True))
        entries = [{"position": position} for position in pending]
        if entries:
            sample_record_many(audit=locked, actor=actor, entries=entries)
    return len(entries)


def _locked_open_audit(audit: BoxAudit) -> BoxAudit:
    locked = BoxAudit.objects.select_for_update().select_related("box__delivery").get(pk=audit.pk)
    _refuse_if_signed(locked.box.delivery)
    if locked.result != BoxAudit.Result.OPEN:
        raise ValidationError(_("This audit round is already decided."))
    return locked


def audit_decide(*, audit: BoxAudit, actor) -> BoxAudit:
    """Accept or reject the box by the plan's numbers, once every sampled form is checked."""
    with transaction.atomic():
        locked = BoxAudit.objects.select_for_update().select_related("box__delivery").get(pk=audit.pk)
        box = _locked_box(locked.box)
        _refuse_if_signed(box.delivery)
        if locked.result != BoxAudit.Result.OPEN:
            raise ValidationError(_("This audit round is already decided."))
        items = list(locked.items.all())
        pending = [item.position for item in items if not item.checked]
        if pending:
            raise ValidationError(
                _("%(n)s sampled forms are not checked yet (e.g. form %(p)s).") % {"n": len(pending), "p": pending[0]}
            )
        contract = _locked_contract(box.delivery.contract_id)
        before = contract_switching_state(contract=contract).severity
        nonconforming = sum(1 for item in items if item.discrepancies)
        accepted = nonconforming <= locked.accept_number
        locked.nonconforming = nonconforming
        locked.result = BoxAudit.Result.ACCEPTED if accepted else BoxAudit.Result.REJECTED
        locked.decided_at = timezone.now()
        locked.save(update_fields=["nonconforming", "result", "decided_at"])
        box.status = Box.ACCEPTED if accepted else Box.REJECTED
        box.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.APPROVE if accepted else AuditEvent.Action.REJECT,
            obj=box,
            changes={"status": _labels(Box, Box.AUDITING, box.status)},
            message=_("Nonconforming forms: %(k)s of %(n)s sampled (accept with %(ac)s or fewer).")
            % {"k": number(nonconforming), "n": number(locked.sample_size), "ac": locked.accept_number},
        )
        after = contract_switching_state(contract=contract).severity
        if after != before:
            audit_record(
                actor=actor,
                action=AuditEvent.Action.STATUS_CHANGE,
                obj=contract,
                changes={"inspection": _labels(Inspection, before, after)},
                message=_("ISO 2859-1 switching rules, after box %(code)s.") % {"code": box.code},
            )
    return locked


def box_return(*, box: FormBox, actor) -> FormBox:
    """A rejected box goes back to the vendor with its list of errors."""
    with transaction.atomic():
        locked = _locked_box(box)
        _refuse_if_signed(locked.delivery)
        if locked.status != Box.REJECTED:
            raise ValidationError(_("Only a rejected box goes back to the vendor."))
        locked.status = Box.RETURNED
        locked.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.STATUS_CHANGE,
            obj=locked,
            changes={"status": _labels(Box, Box.REJECTED, Box.RETURNED)},
        )
    return locked


def box_receive_back(*, box: FormBox, actor, received_on: date) -> FormBox:
    """The vendor brings the corrected box back: it can be audited again (a new round)."""
    with transaction.atomic():
        locked = _locked_box(box)
        _refuse_if_signed(locked.delivery)
        if locked.status != Box.RETURNED:
            raise ValidationError(_("Only a box returned to the vendor can be received back."))
        locked.status = Box.RECEIVED
        locked.received_on = received_on
        locked.save(update_fields=["status", "received_on"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.STATUS_CHANGE,
            obj=locked,
            changes={"status": _labels(Box, Box.RETURNED, Box.RECEIVED)},
        )
    return locked


def rejected_errors(*, box: FormBox) -> list[dict]:
    """The list of errors that goes back to the vendor with a rejected box (last round)."""
    audit = box.audits.order_by("-round").first()
    if audit is None:
        return []
    labels = dict(SampleItem.Field.choices)
    return [
        {"position": item.position, "fields": [str(labels[f]) for f in item.discrepancies], "notes": item.notes}
        for item in audit.items.all()
        if item.discrepancies
    ]


# ---- Acta ---------------------------------------------------------------------------------------


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
    acta, created = DeliveryActa.objects.get_or_create(delivery=delivery)
    if created:
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=acta)
    return acta


def _locked_acta(acta: DeliveryActa) -> DeliveryActa:
    return DeliveryActa.objects.select_for_update().select_related("delivery__contract__vendor").get(pk=acta.pk)


def acta_update(
    *, acta: DeliveryActa, actor: User, signers: list[dict], place: str, observations: str = ""
) -> DeliveryActa:
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


def acta_sign(*, acta: DeliveryActa, actor, signed_scan) -> DeliveryActa:
    """Upload the signed scan: the figures are frozen and nothing about the acta changes again."""
    _check_file(signed_scan, allowed={"pdf", "png", "jpeg"}, limit=MAX_SCAN_BYTES, what=_("scan"))
    with transaction.atomic():
        locked = _locked_acta(acta)
        if locked.is_locked:
            raise ValidationError(_("The acta is already signed."))
        if not locked.signers:
            raise ValidationError(_("Name who signs the acta before uploading the signed scan."))
        open_boxes = list(
            locked.delivery.boxes.filter(status__in=[Box.RECEIVED, Box.AUDITING]).values_list("code", flat=True)
        )
        if open_boxes:
            raise ValidationError(_("These boxes are not decided yet: %(codes)s.") % {"codes": ", ".join(open_boxes)})
        if not locked.delivery.boxes.exists():
            raise ValidationError(_("The delivery has no boxes."))
        locked.snapshot = acta_figures(delivery=locked.delivery)
        locked.signed_scan = signed_scan
        locked.signed_at = timezone.now()
        locked.signed_recorded_by = actor
        locked.status = DeliveryActa.Status.SIGNED
        locked.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.STATUS_CHANGE,
            obj=locked,
            changes={"status": _labels(DeliveryActa.Status, DeliveryActa.Status.DRAFT, DeliveryActa.Status.SIGNED)},
            message=_("Amount: %(amount)s.") % {"amount": money(locked.snapshot["amount"])},
        )
    return locked


def acta_approve_payment(*, acta: DeliveryActa, actor) -> DeliveryActa:
    with transaction.atomic():
        locked = _locked_acta(acta)
        if locked.status != DeliveryActa.Status.SIGNED:
            raise ValidationError(_("Only a signed acta can have its payment approved."))
        locked.status = DeliveryActa.Status.PAYMENT_APPROVED
        locked.payment_approved_at = timezone.now()
        locked.payment_approved_by = actor
        locked.save(update_fields=["status", "payment_approved_at", "payment_approved_by"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.APPROVE,
            obj=locked,
            changes={
                "status": _labels(DeliveryActa.Status, DeliveryActa.Status.SIGNED, DeliveryActa.Status.PAYMENT_APPROVED)
            },
            message=_("Amount: %(amount)s.") % {"amount": money(locked.snapshot.get("amount") or "0")},
        )
    return locked
