"""What militancia itself registers in the personal-data registry (see militancia/personal_data.py)."""

from __future__ import annotations

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat

from militancia.personal_data import (
    ANONYMOUS_FIRST,
    ANONYMOUS_LAST,
    MEMBER_FIELDS,
    PersonalData,
    as_text,
    member_and_merged,
    register_personal_data,
)


def register_militancia_personal_data() -> None:
    from militancia.models import (
        DuplicateCandidate,
        Member,
        MembershipCertificate,
        MemberStatusChange,
        RegistrationConflict,
    )

    register_personal_data(
        PersonalData(
            model=Member,
            fields=MEMBER_FIELDS,
            rows=lambda s: Member.objects.filter(Q(pk=s.pk) | Q(merged_into_id=s.pk)),
            erase={
                "first_names": ANONYMOUS_FIRST,
                "last_names": ANONYMOUS_LAST,
                "search_name": "",
                # Per record: a merged record keeps its own unique number.
                "id_number": Concat(Value("ANON"), Cast("pk", output_field=CharField())),
                "birth_date": None,
                "sex": "",
                "phone": "",
                "email": "",
                "address": "",
                "consent_evidence": "",
            },
            in_report=False,  # the report's first section lists the record field by field
        )
    )
    register_personal_data(
        PersonalData(
            model=MemberStatusChange,
            fields=("note",),
            rows=lambda s: MemberStatusChange.objects.filter(member_and_merged(s)),
            erase={"note": ""},
            in_report=False,  # the report's status history section
        )
    )
    # Pairs flagged as possible duplicates: the reason is a rule code, the pair names the person.
    register_personal_data(
        PersonalData(
            model=DuplicateCandidate,
            describe=lambda d: f"{d.get_reason_display()} · {d.get_status_display()} ({as_text(d.found_at)})",
            fields=(),
            rows=lambda s: DuplicateCandidate.objects.filter(Q(member_a_id=s.pk) | Q(member_b_id=s.pk)),
        )
    )
    register_personal_data(
        PersonalData(
            model=MembershipCertificate,
            describe=lambda c: f"{c.code} · {as_text(c.issued_at)} – {as_text(c.valid_until)}",
            fields=(),
            rows=lambda s: MembershipCertificate.objects.filter(member_id=s.pk),
        )
    )
    # A registration typed outside the member's territory: the typed names and contact wait there.
    register_personal_data(
        PersonalData(
            model=RegistrationConflict,
            describe=lambda c: f"{c.get_source_display()} · {c.get_status_display()} ({as_text(c.created_at)})",
            fields=("data", "note"),
            rows=lambda s: RegistrationConflict.objects.filter(member_id=s.pk),
            erase={"data": {}, "note": ""},
        )
    )
