"""What militancia itself registers in the personal-data registry (see militancia/personal_data.py)."""

from __future__ import annotations

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from militancia.personal_data import (
    ANONYMOUS_FIRST,
    ANONYMOUS_LAST,
    PersonalData,
    anonymous_number,
    as_text,
    register_personal_data,
)

SUPPRESSED = _("(personal data suppressed)")

MEMBER_FIELDS = (
    "id_number",
    "first_names",
    "last_names",
    "search_name",
    "birth_date",
    "sex",
    "phone",
    "email",
    "address",
    "consent_evidence",
    "consent_file",
    "photo",
    "signature",
    "fingerprint",
)


def _member_and_merged(subject):
    """The member and the records merged into it: the same person."""
    return Q(member_id=subject.pk) | Q(member__merged_into_id=subject.pk)


def register_militancia_personal_data() -> None:
    from militancia.models import (
        AttentionAttachment,
        AttentionHistory,
        AttentionRequest,
        DuplicateCandidate,
        Member,
        MembershipCertificate,
        MemberStatusChange,
        RosterConflict,
        RosterRow,
        RosterUpload,
    )
    from militancia.models.audits import SampleItem
    from militancia.models.offices import OfficeTerm, TrainingAttendance

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
            fields=("reason",),
            rows=lambda s: MemberStatusChange.objects.filter(_member_and_merged(s)),
            erase={"reason": ""},
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
    # Requests the member filed are kept (the law asks for the answers), without who filed them.
    register_personal_data(
        PersonalData(
            model=AttentionRequest,
            describe=lambda r: (
                f"{r.tracking_number} ({as_text(r.received_on)}) · {r.get_kind_display()} · {r.get_status_display()}"
            ),
            fields=("requester_id_number", "requester_name", "email", "phone", "address"),
            rows=lambda s: AttentionRequest.objects.filter(
                Q(member_id=s.pk) | Q(requester_id_type=s.id_type, requester_id_number=s.id_number)
            ),
            erase={
                "requester_id_number": anonymous_number,
                "requester_name": _("Anonymized"),
                "email": "",
                "phone": "",
                # A request always keeps a way to answer (check constraint); this one is spent.
                "address": SUPPRESSED,
            },
        )
    )
    register_personal_data(
        PersonalData(
            model=AttentionHistory,
            describe=lambda h: f"{h.request.tracking_number} · {as_text(h.created_at)}",
            fields=("note",),
            rows=lambda s: AttentionHistory.objects.filter(
                Q(request__member_id=s.pk)
                | Q(request__requester_id_type=s.id_type, request__requester_id_number=s.id_number)
            ),
            erase={"note": ""},
        )
    )
    register_personal_data(
        PersonalData(
            model=AttentionAttachment,
            describe=lambda a: f"{a.request.tracking_number} · {as_text(a.uploaded_at)}",
            fields=("file", "name"),
            rows=lambda s: AttentionAttachment.objects.filter(
                Q(request__member_id=s.pk)
                | Q(request__requester_id_type=s.id_type, request__requester_id_number=s.id_number)
            ),
            delete_rows=True,  # a scan of the request or of its answer: nothing left to list
        )
    )
    # The roster rows that created or matched the member keep the raw values of the file.
    register_personal_data(
        PersonalData(
            model=RosterRow,
            describe=lambda r: f"#{r.upload_id} · {r.line}",
            fields=(
                "raw",
                "errors",
                "id_number",
                "first_names",
                "last_names",
                "search_name",
                "birth_date",
                "sex",
                "phone",
                "email",
                "address",
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
    register_personal_data(
        PersonalData(
            model=OfficeTerm,
            describe=lambda t: (
                f"{t.office.get_title_display()} · {t.office.body.name} ({as_text(t.starts_on)} – {as_text(t.ends_on)})"
            ),
            fields=("notes",),
            rows=lambda s: OfficeTerm.objects.filter(member_id=s.pk),
            erase={"notes": ""},
        )
    )
    register_personal_data(
        PersonalData(
            model=TrainingAttendance,
            describe=lambda a: f"{a.event.title} ({a.event.get_kind_display()}) · {as_text(a.event.held_on)}",
            fields=(),
            rows=lambda s: TrainingAttendance.objects.filter(member_id=s.pk),
        )
    )
