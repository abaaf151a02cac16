"""Reads of the vendor digitization audit (national users only, through `visible_to`)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from vendor_audits.models import BoxAudit, FormBox, SampleItem, Vendor

from .services import contract_switching_states

if TYPE_CHECKING:
    from core.models import User


def vendor_list(*, user: User) -> QuerySet[Vendor]:
    return Vendor.objects.visible_to(user).order_by("name")


HISTORY_ROWS = 50


def vendor_history(*, user: User, vendor: Vendor) -> dict:
    """Acceptance history of the vendor's boxes (the latest decisions and the totals) and the error
    rate by field per month (for the chart), aggregated in the database: a vendor audited weekly for
    years has thousands of boxes and hundreds of thousands of compared forms."""
    decided = BoxAudit.objects.visible_to(user).filter(
        box__delivery__contract__vendor=vendor, result__in=[BoxAudit.Result.ACCEPTED, BoxAudit.Result.REJECTED]
    )
    totals = decided.aggregate(
        accepted=Count("id", filter=Q(result=BoxAudit.Result.ACCEPTED)),
        rejected=Count("id", filter=Q(result=BoxAudit.Result.REJECTED)),
    )
    recent = list(decided.select_related("box").order_by("-decided_at", "-id")[:HISTORY_ROWS])
    # Forms compared per month are the decided samples; only the few nonconforming forms are read.
    sampled = {
        row["month"]: row["forms"]
        for row in decided.annotate(month=TruncMonth("decided_at")).values("month").annotate(forms=Sum("sample_size"))
    }
    errors: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    nonconforming = (
        SampleItem.objects.visible_to(user)
        .filter(audit__in=decided)
        .exclude(discrepancies=[])
        .annotate(month=TruncMonth("audit__decided_at"))
        .values_list("month", "discrepancies")
    )
    for month, discrepancies in nonconforming:
        for field in discrepancies:
            errors[field][month] += 1
    ordered = sorted(sampled)
    labels = dict(SampleItem.Field.choices)
    series = [
        {
            "field": str(labels[field]),
            "rates": [round(100 * errors[field].get(month, 0) / sampled[month], 2) for month in ordered],
        }
        for field in labels
        if field in errors
    ]
    months = [month.strftime("%Y-%m") for month in ordered]
    return {
        "audits": recent,
        "shown": len(recent),
        "months": months,
        "series": series,
        "accepted": totals["accepted"],
        "rejected": totals["rejected"],
    }


def vendor_contracts(*, user: User, vendor: Vendor) -> list[dict]:
    """The vendor's contracts, each with its inspection now (normal, tightened or discontinued) by the
    ISO 2859-1 switching rules, and its resumptions after a discontinuation."""
    contracts = list(vendor.contracts.visible_to(user).prefetch_related("resumptions").order_by("-starts_on"))
    states = contract_switching_states(contract_ids=[c.pk for c in contracts])
    return [{"contract": c, "state": states[c.pk], "resumptions": c.resumptions.all()} for c in contracts]


def box_detail(*, user: User, pk: int) -> FormBox:
    return FormBox.objects.visible_to(user).select_related("delivery__contract__vendor").get(pk=pk)
