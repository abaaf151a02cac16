"""What every vendor-audit service shares: the signed-acta lock, row locks, labels for audit events."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from core.permissions import ensure_national, ensure_role
from core.workflow import Workflow
from vendor_audits.models import SIGNED_DELIVERY, Delivery, FormBox, VendorContract
from vendor_audits.roles import AUDITORS

Box = FormBox.Status


def _authorize(actor, action: str) -> None:
    """Vendor audits are the national office's: its auditors' role, and national scope."""
    ensure_role(actor, AUDITORS, action)
    ensure_national(actor, action)


def _labels(choices, *codes) -> list[str]:
    """The people's names of stored codes, for audit events: the log shows "En auditoría → Rechazada"."""
    return [str(choices(code).label) for code in codes]


def _status_labels(workflow: Workflow, name: str) -> dict:
    """The audit event's change of status in the people's words. Each move of the box and acta
    machines has one source, so both ends are known before the move."""
    transition = workflow.transition(name)
    (source,) = transition.sources
    return {workflow.field: _labels(workflow.status_choices, source, transition.target)}


def _refuse_if_signed(delivery: Delivery) -> None:
    if delivery.is_signed:
        raise ValidationError(SIGNED_DELIVERY)


def _locked_contract(contract_id: int) -> VendorContract:
    # Serializes starts, decisions and resumptions of one contract: the switching state they read
    # must not change under them.
    return VendorContract.objects.select_for_update().get(pk=contract_id)
