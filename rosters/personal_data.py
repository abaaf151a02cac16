"""What rosters registers in the personal-data registry (see militancia/personal_data.py)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from militancia.identity import PERSON_VALUES
from militancia.personal_data import (
    MEMBER_FIELDS,
    PersonalData,
    anonymous_number,
    register_personal_data,
)


def register_rosters_personal_data() -> None:
    from militancia.models import Member
    from rosters.models import RosterConflict, RosterRow, RosterUpload

    # The roster rows that created or matched the member keep the raw values of the file.
    register_personal_data(
        PersonalData(
            model=RosterRow,
            describe=lambda r: f"#{r.upload_id} · {r.line}",
            fields=(
                "raw",
                "errors",
                *PERSON_VALUES,
                "differences",
            ),
            rows=lambda s: RosterRow.objects.filter(Q(member_id=s.pk) | Q(id_number=s.id_number, id_type=s.id_type)),
            labels={
                **{name: Member._meta.get_field(name).verbose_name for name in MEMBER_FIELDS},
                "raw": _("values in the roster"),
                "errors": _("validation errors"),
                "differences": _("differences with the record"),
            },
            erase={
                "raw": None,
                "errors": None,
                "id_number": anonymous_number,
                "first_names": "",
                "last_names": "",
                "search_name": "",
                "birth_date": None,
                "sex": "",
                "phone": "",
                "email": "",
                "address": "",
                "differences": None,
            },
        )
    )
    # The mapping step's preview keeps the first rows of the file as read.
    register_personal_data(
        PersonalData(
            model=RosterUpload,
            describe=lambda u: f"#{u.pk} · {u.original_name}",
            fields=("sample",),
            rows=lambda s: RosterUpload.objects.filter(
                pk__in=RosterRow.objects.filter(Q(member_id=s.pk) | Q(id_number=s.id_number, id_type=s.id_type)).values(
                    "upload_id"
                )
            ),
            erase={"sample": []},
        )
    )
    register_personal_data(
        PersonalData(
            model=RosterConflict,
            describe=lambda c: f"#{c.upload_id} · {c.line} · {c.get_status_display()}",
            fields=("data", "note"),
            audit_fields=MEMBER_FIELDS,  # resolving a conflict audits the member values it filled
            rows=lambda s: RosterConflict.objects.filter(member_id=s.pk),
            erase={"data": {}, "note": ""},
        )
    )
