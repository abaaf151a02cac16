"""Volunteers: their lists, and the phone page that records each knock or call (JSON endpoint,
idempotent by the phone's UUID, so a retried attempt after a dropped connection is stored once)."""

from __future__ import annotations

import json
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import services
from campaigns.models import Attempt, SupportLevel, WalkList
from campaigns.roles import CANVASSERS
from campaigns.selectors import list_entries_for_phone, lists_of_volunteer, walk_list_for_canvasser
from core.audit import audit_record
from core.models import AuditEvent
from core.views.helpers import call_service, error_text, role_required


@role_required(*CANVASSERS)
def my_lists(request):
    return render(request, "campaigns/my_lists.html", {"lists": lists_of_volunteer(user=request.user)})


@role_required(*CANVASSERS)
def phone_list(request, list_id: int):
    walk_list = walk_list_for_canvasser(user=request.user, pk=list_id)
    entries = list_entries_for_phone(walk_list=walk_list)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        obj=walk_list,
        changes={"contacts": [None, [e["id"] for e in entries]]},
        message=_("Walk list opened"),
        message_is_personal=False,
    )
    campaign = walk_list.turf.campaign
    levels = [{"value": v, "label": str(label)} for v, label in SupportLevel.choices if v]
    return render(
        request,
        "campaigns/phone_list.html",
        {
            "walk_list": walk_list,
            "campaign": campaign,
            "entries": entries,
            "levels": levels,
            "results": Attempt.Result,
            "strings": {
                "online": _("Online"),
                "offline": _("Offline: attempts are kept on this phone and sent when the connection returns"),
                "pending": _("Pending to send"),
                "saved": _("Saved"),
                "failed": _("Not sent"),
                "all_sent": _("all sent"),
                "waiting": _("waiting to be sent"),
                "level_first": _("Choose the support level first."),
            },
        },
    )


def _flag(value) -> bool | None:
    return value if isinstance(value, bool) else None


@role_required(*CANVASSERS)
@require_POST
def attempt_create(request, list_id: int):
    """One attempt as JSON. 201 stored, 200 already stored (a retry), 400 bad input, 403 not yours,
    404 no such list. The answer is a few bytes: the phone keeps its list and never re-reads it,
    and the service reads the list once (who holds it, the contact on it, the retry)."""
    try:
        data = json.loads(request.body or b"{}")
        client_uuid = uuid.UUID(str(data.get("uuid", "")))
        contact_id = int(data.get("contact"))
        support_level = data.get("support_level")
        support_level = int(support_level) if support_level not in (None, "") else None
    except (ValueError, TypeError):
        # Someone else's list is refused before the input is judged (the rare path reads it here).
        try:
            walk_list_for_canvasser(user=request.user, pk=list_id)
        except PermissionDenied as exc:
            return JsonResponse({"error": error_text(exc)}, status=403)
        return JsonResponse({"error": _("The attempt could not be read.")}, status=400)
    try:
        attempt, created = services.attempt_record(
            actor=request.user,
            walk_list=list_id,
            contact_id=contact_id,
            client_uuid=client_uuid,
            result=str(data.get("result", "")),
            recorded_at=parse_datetime(str(data.get("at", ""))) if data.get("at") else None,
            support_level=support_level,
            issues=[str(i) for i in data.get("issues", []) if isinstance(i, str)],
            wants_to_volunteer=_flag(data.get("volunteer")),
            wants_card=_flag(data.get("card")),
            needs_ride=_flag(data.get("ride")),
        )
    except WalkList.DoesNotExist:
        raise Http404 from None
    except PermissionDenied as exc:
        return JsonResponse({"error": error_text(exc)}, status=403)
    except ValidationError as exc:
        return JsonResponse({"error": error_text(exc)}, status=400)
    return JsonResponse(
        {"uuid": str(attempt.client_uuid), "result": attempt.result, "label": attempt.get_result_display()},
        status=201 if created else 200,
    )


@role_required(*CANVASSERS)
@require_POST
def list_done(request, list_id: int):
    walk_list = walk_list_for_canvasser(user=request.user, pk=list_id)
    call_service(
        request,
        lambda: services.list_complete(actor=request.user, walk_list=walk_list),
        success=_("List completed. Thank you!"),
    )
    return redirect("campaigns:my-lists")
