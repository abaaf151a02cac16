from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent


@login_required
def api_token(request):
    """The user's own API token: shown once created, can be regenerated or revoked."""
    from rest_framework.authtoken.models import Token

    if request.method == "POST":
        action = request.POST.get("action")
        Token.objects.filter(user=request.user).delete()
        if action == "create":
            Token.objects.create(user=request.user)
            audit_record(
                actor=request.user, action=AuditEvent.Action.CREATE, obj=request.user, message=_("API token generated")
            )
            messages.success(request, _("A new API token was generated. The previous one no longer works."))
        else:
            audit_record(
                actor=request.user, action=AuditEvent.Action.DELETE, obj=request.user, message=_("API token revoked")
            )
            messages.success(request, _("Your API token was revoked."))
        return redirect("core:api-token")
    token = Token.objects.filter(user=request.user).first()
    return render(request, "registration/api_token.html", {"token": token})
