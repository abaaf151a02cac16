"""Boxes: registration with the vendor's manifest, audit rounds, decisions, return and receive back."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent, Territory, User
from core.pdf import number
from core.workflow import TransitionError, move
from vendor_audits.models import BOX_WORKFLOW, BoxAudit, Delivery, FormBox, Inspection, SampleItem
from vendor_audits.sampling import new_seed, sample_positions, sampling_plan
from vendor_audits.services.common import _authorize, _labels, _locked_contract, _refuse_if_signed, _status_labels
from vendor_audits.services.switching import contract_switching_state


def box_register(
    *,
    actor: User,
    delivery: Delivery,
    code: str,
    forms_declared: int,
    received_on: date,
    territory: Territory | None = None,
    manifest: File | None = None,
) -> FormBox:
    """A box arrives. Its manifest (the vendor's file of the records digitized from it) enters the
    roster pipeline: checked, mapped, previewed and imported on the roster pages, linked to the box."""
    _authorize(actor, _("register form boxes"))
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
        BOX_WORKFLOW.record(box, from_status="", to_status=box.status, actor=actor)
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


def audit_start(*, box: FormBox, actor: User, aql: str | None = None, seed: int | None = None) -> BoxAudit:
    """Open an inspection round: take the plan from the table of the contract's current inspection
    (normal or tightened) and draw the forms with a recorded seed."""
    _authorize(actor, _("audit form boxes"))
    opened: list[BoxAudit] = []

    def open_round(locked: FormBox) -> None:
        # The box is locked first, then its contract: the order every box service takes them in.
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
        plan = sampling_plan(locked.forms_declared, aql or contract.aql, state.severity)
        drawn = seed if seed is not None else new_seed()
        round_number = (locked.audits.order_by("-round").values_list("round", flat=True).first() or 0) + 1
        positions = sample_positions(plan.lot_size, plan.sample_size, drawn)
        audit = BoxAudit.objects.create(
            box=locked,
            round=round_number,
            lot_size=plan.lot_size,
            aql=aql or contract.aql,
            code_letter=plan.code_letter,
            sample_size=plan.sample_size,
            accept_number=plan.accept,
            reject_number=plan.reject,
            full_inspection=plan.full_inspection,
            severity=plan.severity,
            seed=drawn,
            positions=positions,
            auditor=actor,
        )
        SampleItem.objects.bulk_create(SampleItem(audit=audit, position=p) for p in positions)
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=audit, message=_plan_text(audit))
        opened.append(audit)

    with transaction.atomic():
        move(
            box,
            workflow=BOX_WORKFLOW,
            name="start",
            actor=actor,
            apply=open_round,
            changes=_status_labels(BOX_WORKFLOW, "start"),
            history=lambda locked: {"note": _plan_text(opened[0])},
        )
    return opened[0]


def _plan_text(audit: BoxAudit) -> str:
    return _(
        "%(inspection)s inspection: sample of %(n)s forms, accept with %(ac)s or fewer nonconforming, "
        "reject with %(re)s or more; seed %(seed)s."
    ) % {
        "inspection": _labels(Inspection, audit.severity)[0].lower(),
        "n": number(audit.sample_size),
        "ac": audit.accept_number,
        "re": audit.reject_number,
        "seed": audit.seed,
    }


def audit_decide(*, audit: BoxAudit, actor: User) -> BoxAudit:
    """Accept or reject the box by the plan's numbers, once every sampled form is checked."""
    _authorize(actor, _("audit form boxes"))
    with transaction.atomic():
        locked = BoxAudit.objects.select_for_update().get(pk=audit.pk)
        if not locked.is_open:
            raise TransitionError(_("This audit round is already decided."))
        items = list(locked.items.all())
        pending = [item.position for item in items if not item.checked]
        if pending:
            raise ValidationError(
                _("%(n)s sampled forms are not checked yet (e.g. form %(p)s).") % {"n": len(pending), "p": pending[0]}
            )
        nonconforming = sum(1 for item in items if item.discrepancies)
        accepted = nonconforming <= locked.accept_number
        switched: list[str] = []

        def record(box: FormBox) -> None:
            # The contract's inspection is read before and after this lot counts in it.
            contract = _locked_contract(box.delivery.contract_id)
            switched.append(contract_switching_state(contract=contract).severity)
            locked.nonconforming = nonconforming
            locked.result = BoxAudit.Result.ACCEPTED if accepted else BoxAudit.Result.REJECTED
            locked.decided_at = timezone.now()
            locked.save(update_fields=["nonconforming", "result", "decided_at"])

        name = "accept" if accepted else "reject"
        box = move(
            locked.box_id,
            workflow=BOX_WORKFLOW,
            name=name,
            actor=actor,
            note=_("Nonconforming forms: %(k)s of %(n)s sampled (accept with %(ac)s or fewer).")
            % {"k": number(nonconforming), "n": number(locked.sample_size), "ac": locked.accept_number},
            apply=record,
            changes=_status_labels(BOX_WORKFLOW, name),
        )
        contract = box.delivery.contract
        before, after = switched[0], contract_switching_state(contract=contract).severity
        if after != before:
            audit_record(
                actor=actor,
                action=AuditEvent.Action.STATUS_CHANGE,
                obj=contract,
                changes={"inspection": _labels(Inspection, before, after)},
                message=_("ISO 2859-1 switching rules, after box %(code)s.") % {"code": box.code},
            )
    return locked


def box_return(*, box: FormBox, actor: User) -> FormBox:
    """A rejected box goes back to the vendor with its list of errors."""
    _authorize(actor, _("return form boxes"))
    return move(box, workflow=BOX_WORKFLOW, name="return", actor=actor, changes=_status_labels(BOX_WORKFLOW, "return"))


def box_receive_back(*, box: FormBox, actor: User, received_on: date) -> FormBox:
    """The vendor brings the corrected box back: it can be audited again (a new round)."""
    _authorize(actor, _("return form boxes"))

    def receive(locked: FormBox) -> None:
        locked.received_on = received_on

    return move(
        box,
        workflow=BOX_WORKFLOW,
        name="receive_back",
        actor=actor,
        apply=receive,
        save_fields=["received_on"],
        changes=_status_labels(BOX_WORKFLOW, "receive_back"),
    )


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
