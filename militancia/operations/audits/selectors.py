"""Reads of the vendor digitization audit (national users only, through `visible_to`)."""

from __future__ import annotations

from collections import defaultdict

from militancia.models.audits import BoxAudit, FormBox, SampleItem, Vendor

from .sampling import should_tighten


def vendor_list(*, user):
    return Vendor.objects.visible_to(user).order_by("name")


def vendor_history(*, user, vendor: Vendor) -> dict:
    """Acceptance history of the vendor's boxes and error rate by field per month (for the chart)."""
    audits = list(
        BoxAudit.objects.visible_to(user)
        .filter(box__delivery__contract__vendor=vendor, result__in=[BoxAudit.Result.ACCEPTED, BoxAudit.Result.REJECTED])
        .select_related("box")
        .order_by("decided_at", "id")
    )
    items = (
        SampleItem.objects.visible_to(user)
        .filter(audit__in=[a.pk for a in audits])
        .values_list("audit__decided_at", "discrepancies")
    )
    sampled: dict[str, int] = defaultdict(int)
    errors: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for decided_at, discrepancies in items:
        month = decided_at.strftime("%Y-%m")
        sampled[month] += 1
        for field in discrepancies:
            errors[field][month] += 1
    months = sorted(sampled)
    labels = dict(SampleItem.Field.choices)
    series = [
        {
            "field": str(labels.get(field, field)),
            "rates": [round(100 * errors[field].get(month, 0) / sampled[month], 2) for month in months],
        }
        for field in labels
        if field in errors
    ]
    first_rounds = [a.result == BoxAudit.Result.ACCEPTED for a in audits if a.round == 1]
    accepted = sum(1 for a in audits if a.result == BoxAudit.Result.ACCEPTED)
    return {
        "audits": audits[::-1],
        "months": months,
        "series": series,
        "accepted": accepted,
        "rejected": len(audits) - accepted,
        "tighten": should_tighten(first_rounds),
    }


def box_detail(*, user, pk: int) -> FormBox:
    return FormBox.objects.visible_to(user).select_related("delivery__contract__vendor").get(pk=pk)
