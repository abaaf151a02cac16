from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import audit_record
from core.forms import TokenForm
from core.models import AuditEvent
from core.totp import base32_secret, qr_data_uri


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
def otp_verify(request):
    """Second factor: set up a TOTP device the first time, then verify a code at each login."""
    user = request.user
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name="Autenticador", confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit_record(
                    actor=user, action=AuditEvent.Action.UPDATE, obj=user, changes={"second_factor": [None, "TOTP"]}
                )
            otp_login(request, device)
            messages.success(request, _("Second factor verified."))
            return redirect(_safe_next(request))
        audit_record(actor=user, action=AuditEvent.Action.LOGIN_FAILED, message=_("invalid second-factor code"))
        form.add_error("token", _("The code is not valid or has expired. Type the current 6-digit code."))
    context = {
        "form": form,
        "setting_up": setting_up,
        "next": _safe_next(request),
        "qr": qr_data_uri(device.config_url) if setting_up else "",
        "secret": base32_secret(device.bin_key) if setting_up else "",
    }
    return render(request, "registration/otp.html", context)


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
