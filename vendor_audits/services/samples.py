"""The sampled forms of an audit round, compared with their records."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from militancia.identity import InvalidIdNumber, normalize_id_number
from militancia.models import Member
from vendor_audits.models import BoxAudit, SampleItem
from vendor_audits.services.boxes import manifest_rows
from vendor_audits.services.common import _authorize, _refuse_if_signed

FIELDS = {choice.value for choice in SampleItem.Field}


def sample_record(
    *,
    audit: BoxAudit,
    position: int,
    actor: User,
    id_number: str = "",
    discrepancies: Iterable[str] = (),
    notes: str = "",
) -> SampleItem:
    """Record the comparison of one sampled form with its record. Refused for a form not in the sample."""
    entry = {"position": position, "id_number": id_number, "discrepancies": discrepancies, "notes": notes}
    return sample_record_many(audit=audit, actor=actor, entries=[entry])[0]


def sample_record_many(*, audit: BoxAudit, actor: User, entries: list[dict]) -> list[SampleItem]:
    """Record the comparison of several sampled forms at once (a page of the sample): each entry is
    {position, id_number, discrepancies, notes}; a form with no discrepancy conforms. All or nothing:
    one wrong entry refuses the lot with a message naming its form."""
    _authorize(actor, _("record audit samples"))
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
    _authorize(actor, _("record audit samples"))
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
