"""What vendor_audits registers in the personal-data registry (see militancia/personal_data.py)."""

from __future__ import annotations

from militancia.personal_data import (
    PersonalData,
    anonymous_number,
    register_personal_data,
)


def register_vendor_audits_personal_data() -> None:
    from vendor_audits.models import SampleItem

    # The document typed while auditing a vendor's box.
    register_personal_data(
        PersonalData(
            model=SampleItem,
            describe=lambda i: f"{i.audit.box.code} · {i.position}",
            fields=("id_number", "notes"),
            rows=lambda s: SampleItem.objects.filter(member_id=s.pk),
            erase={"id_number": anonymous_number, "notes": ""},
        )
    )
