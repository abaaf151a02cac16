"""The user's own notifications."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from comunicaciones import selectors
from comunicaciones.roles import TEAM_ROLES
from comunicaciones.services.notifications import notification_mark_read
from core.roles import Role
from core.views.helpers import page_without_count, role_required


@role_required(*TEAM_ROLES)
def notification_list(request):
    page = page_without_count(selectors.notification_list(user=request.user), request.GET.get("page"), 50)
    unread = selectors.unread_count(user=request.user)
    is_chief = request.user.has_role(Role.COMMS_CHIEF)
    return render(
        request, "comunicaciones/notification_list.html", {"page": page, "unread": unread, "is_chief": is_chief}
    )


@require_POST
@role_required(*TEAM_ROLES)
def notification_read(request):
    ids = [int(pk) for pk in request.POST.getlist("id") if pk.isdigit()] or None
    notification_mark_read(user=request.user, notification_ids=ids)
    return redirect("comunicaciones:notification-list")
