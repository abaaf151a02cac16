"""Data-subject rights: the personal-data report of a member and the two-person suppression."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from attention.models import AttentionRequest
from core.audit import audit_record
from core.models import AuditEvent
from core.roles import Role
from core.views.helpers import pdf_response, require_role, role_required, service_error
from data_rights.models import SuppressionRequest
from data_rights.pdf import member_data_report_pdf
from militancia.identity import IdType, InvalidIdNumber, normalize_id_number
from militancia.models import Member

from . import selectors, services

REPORTERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)


class SuppressionForm(forms.Form):
    id_type = forms.ChoiceField(label=gettext_lazy("Document type"), choices=IdType.choices, initial=IdType.CC)
    id_number = forms.CharField(label=gettext_lazy("Document number"), max_length=20)
    tracking_number = forms.CharField(
        label=gettext_lazy("Tracking number of the member's request"), max_length=20, required=False
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


def _national_admin(request):
    """Suppressions reach every territory: only a national administrator with national scope."""
    require_role(request, Role.NATIONAL_ADMIN)
    if not request.user.is_national:
        raise PermissionDenied


@role_required(*REPORTERS)
def data_report(request, pk: int):
    try:
        member = Member.objects.visible_to(request.user).select_related("territory").get(pk=pk)
    except Member.DoesNotExist as exc:
        raise Http404 from exc
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        obj=member,
        message=_("personal data report"),
        message_is_personal=False,  # a fixed text: it stays readable after a suppression
    )
    pdf = member_data_report_pdf(selectors.member_data_report(member=member))
    return pdf_response(pdf, filename=f"datos-personales-{member.pk}.pdf")


@login_required
def suppression_list(request):
    _national_admin(request)
    form = SuppressionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            number = normalize_id_number(data["id_type"], data["id_number"])
            member = Member.objects.get(id_type=data["id_type"], id_number=number)
            attention = None
            if data["tracking_number"]:
                attention = AttentionRequest.objects.filter(tracking_number=data["tracking_number"].upper()).first()
                if attention is None:
                    raise ValidationError(_("No request with that tracking number."))
            services.suppression_request(
                actor=request.user, member=member, reason=data["reason"], attention_request=attention
            )
        except (InvalidIdNumber, Member.DoesNotExist):
            form.add_error("id_number", _("No member with that document."))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Suppression recorded: a second national administrator must confirm it."))
            return redirect("data_rights:rights-suppressions")
    suppressions = SuppressionRequest.objects.visible_to(request.user).select_related(
        "member", "requested_by", "confirmed_by"
    )[:200]
    return render(request, "data_rights/suppressions.html", {"form": form, "suppressions": suppressions})


@login_required
@require_POST
def suppression_confirm(request, pk: int):
    _national_admin(request)
    try:
        suppression = SuppressionRequest.objects.visible_to(request.user).get(pk=pk)
    except SuppressionRequest.DoesNotExist as exc:
        raise Http404 from exc
    action = request.POST.get("action")
    try:
        if action == "cancel":
            services.suppression_cancel(actor=request.user, request=suppression)
            messages.success(request, _("Suppression cancelled."))
        else:
            services.suppression_confirm(actor=request.user, request=suppression)
            messages.success(request, _("The member's personal data has been suppressed."))
    except ValidationError as exc:
        service_error(request, exc)
    return redirect("data_rights:rights-suppressions")
