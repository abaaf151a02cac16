"""What attention registers in the personal-data registry (see militancia/personal_data.py)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from militancia.personal_data import (
    SUPPRESSED,
    PersonalData,
    anonymous_number,
    as_text,
    register_personal_data,
)


def register_attention_personal_data() -> None:
    from attention.models import AttentionAttachment, AttentionHistory, AttentionRequest

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
            describe=lambda h: f"{h.request.tracking_number} · {as_text(h.at)}",
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
