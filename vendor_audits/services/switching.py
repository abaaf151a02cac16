"""ISO 2859-1 switching between normal, tightened and discontinued inspection of a contract."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent, User
from vendor_audits.models import BoxAudit, Inspection, InspectionResumption, VendorContract
from vendor_audits.sampling import LotResult, Resumption, SwitchingState, switching_state
from vendor_audits.services.common import _authorize, _labels, _locked_contract


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


def inspection_resume(*, contract: VendorContract, actor: User, corrective_action: str) -> InspectionResumption:
    """Resume a discontinued inspection after the vendor's corrective action: boxes are audited
    again, on tightened inspection (ISO 2859-1 9.4)."""
    _authorize(actor, _("resume normal inspection"))
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
