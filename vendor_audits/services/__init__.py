"""Every write of the vendor digitization audit: vendors, boxes, sampling rounds, decisions, the acta.

One module per part of the audit; the public services are re-exported here, so callers write
`from vendor_audits import services` and `services.audit_decide(...)`.
"""

from vendor_audits.services.actas import (
    acta_approve_payment,
    acta_figures,
    acta_prepare,
    acta_sign,
    acta_update,
)
from vendor_audits.services.boxes import (
    audit_decide,
    audit_start,
    box_receive_back,
    box_register,
    box_return,
    manifest_rows,
    rejected_errors,
)
from vendor_audits.services.samples import sample_record, sample_record_many, sample_record_rest_conforming
from vendor_audits.services.switching import contract_switching_state, contract_switching_states, inspection_resume
from vendor_audits.services.vendors import contract_create, delivery_create, vendor_create

__all__ = [
    "acta_approve_payment",
    "acta_figures",
    "acta_prepare",
    "acta_sign",
    "acta_update",
    "audit_decide",
    "audit_start",
    "box_receive_back",
    "box_register",
    "box_return",
    "contract_create",
    "contract_switching_state",
    "contract_switching_states",
    "delivery_create",
    "inspection_resume",
    "manifest_rows",
    "rejected_errors",
    "sample_record",
    "sample_record_many",
    "sample_record_rest_conforming",
    "vendor_create",
]
