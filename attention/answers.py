"""Answer templates for the common requests, filled with the member's data."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TEMPLATES = {
    "card_status": gettext_lazy("Card status"),
    "data_update": gettext_lazy("Data update"),
    "certificate": gettext_lazy("Membership certificate"),
    "resignation": gettext_lazy("Resignation"),
}


def _texts() -> dict[str, str]:
    return {
        "card_status": _(
            "Dear {name},\n\nIn answer to your request {number}: the membership record with document "
            "{id_type} {id_number} is {status}. {card_sentence}\n\nKind regards,\nMembership office"
        ),
        "data_update": _(
            "Dear {name},\n\nIn answer to your request {number}: we have updated your data as you asked. "
            "Your record now shows: address {address}, phone {phone}, e-mail {email}, territory "
            "{territory}.\n\nKind regards,\nMembership office"
        ),
        "certificate": _(
            "Dear {name},\n\nIn answer to your request {number}: we attach the membership certificate "
            "for document {id_type} {id_number}, member since {joined_on}, territory {territory}.\n\n"
            "Kind regards,\nMembership office"
        ),
        "resignation": _(
            "Dear {name},\n\nIn answer to your request {number}: on {today} we recorded your "
            "resignation as a member (document {id_type} {id_number}). Your data is kept only as the law "
            "requires; you may ask for its suppression.\n\nKind regards,\nMembership office"
        ),
    }


def filled_templates(request) -> dict[str, dict[str, str]]:
    """Every template filled for this request: {key: {"label": ..., "text": ...}}."""
    member = request.member
    data = {
        "name": request.requester_name,
        "number": request.tracking_number,
        "id_type": request.requester_id_type,
        "id_number": request.requester_id_number,
        "today": timezone.localdate().strftime("%d/%m/%Y"),
        "status": "",
        "card_sentence": "",
        "address": request.address or "-",
        "phone": request.phone or "-",
        "email": request.email or "-",
        "territory": str(request.territory),
        "joined_on": "-",
    }
    if member is not None:
        data.update(
            name=member.full_name,
            status=member.get_status_display().lower(),
            card_sentence=_("Your membership card has been issued.")
            if member.has_card
            else _("Your membership card has not been issued yet."),
            address=member.address or "-",
            phone=member.phone or "-",
            email=member.email or "-",
            territory=str(member.territory),
            joined_on=member.joined_on.strftime("%d/%m/%Y") if member.joined_on else "-",
        )
    else:
        data.update(status=_("not found in the registry"))
    texts = _texts()
    return {key: {"label": str(label), "text": texts[key].format(**data)} for key, label in TEMPLATES.items()}
