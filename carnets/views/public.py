"""The public verification page: no login; shows only validity and first name + initial."""

from __future__ import annotations

from django.shortcuts import render
from django_ratelimit.decorators import ratelimit

from carnets.models import Card


def _short_name(member) -> str:
    first = (member.first_names or "").split()
    last = (member.last_names or "").strip()
    return f"{first[0] if first else ''} {last[:1] + '.' if last else ''}".strip()


@ratelimit(key="ip", rate="20/m", block=False)
def card_verify(request, token: str):
    if getattr(request, "limited", False):
        return render(request, "carnets/verify.html", {"limited": True}, status=429)
    card = Card.objects.select_related("member").filter(token=token).first()
    if card is None:
        state = "invalid"
    elif card.status == Card.Status.REPLACED:
        state = "replaced"
    elif card.is_valid and card.member.is_active:
        state = "valid"
    else:
        state = "invalid"
    context = {
        "valid": state == "valid",
        "replaced": state == "replaced",
        "name": _short_name(card.member) if card and state != "invalid" else "",
        "number": card.number if card and state != "invalid" else "",
    }
    response = render(request, "carnets/verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response
