"""Party bodies (org chart, terms), the directory of office holders, training events and certificates."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import audit_record
from core.models import AuditEvent
from core.roles import Role
from core.tabular import safe_cell
from core.views.helpers import (
    CSV_CONTENT_TYPE,
    download_response,
    form_error_messages,
    pdf_response,
    require_role,
    role_required,
    service_error,
)
from party_bodies.models import Office, OfficeTerm, PartyBody, TrainingAttendance, TrainingEvent
from party_bodies.pdf import attendance_certificate_pdf

from . import selectors, services
from .forms import AttendanceForm, BodyForm, EndTermForm, TermForm, TerritoryFilterForm, TrainingForm

MANAGERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)
VIEWERS = (*MANAGERS, Role.READ_ONLY, Role.ELECTORAL)


def _get(model, request, pk, *related):
    try:
        return model.objects.visible_to(request.user).select_related(*related).get(pk=pk)
    except model.DoesNotExist as exc:
        raise Http404 from exc


@role_required(*VIEWERS)
def body_list(request):
    filter_form = TerritoryFilterForm(request.GET or None, user=request.user)
    territory = filter_form.cleaned_data.get("territory") if filter_form.is_valid() else None
    form = BodyForm(request.POST or None, user=request.user)
    if request.method == "POST":
        require_role(request, *MANAGERS)
        if form.is_valid():
            try:
                body = services.body_create(
                    actor=request.user, territory=form.cleaned_data["territory"], name=form.cleaned_data["name"]
                )
            except ValidationError as exc:
                service_error(request, exc)
            else:
                return redirect("party_bodies:office-body-detail", pk=body.pk)
    return render(
        request,
        "party_bodies/body_list.html",
        {
            "bodies": selectors.body_list(user=request.user, territory=territory)[:500],
            "filter_form": filter_form,
            "form": form,
            "can_manage": request.user.has_role(*MANAGERS),
        },
    )


@role_required(*VIEWERS)
def body_detail(request, pk: int):
    body = _get(PartyBody, request, pk, "territory")
    chart = selectors.org_chart(user=request.user, body=body)
    return render(
        request,
        "party_bodies/body_detail.html",
        {
            "body": body,
            "chart": chart,
            "term_form": TermForm(),
            "end_form": EndTermForm(),
            "today": timezone.localdate(),
            "can_manage": request.user.has_role(*MANAGERS),
        },
    )


@role_required(*MANAGERS)
@require_POST
def term_assign(request, pk: int):
    body = _get(PartyBody, request, pk, "territory")
    form = TermForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect("party_bodies:office-body-detail", pk=pk)
    data = form.cleaned_data
    try:
        office = Office.objects.visible_to(request.user).get(pk=data["office"], body=body)
    except Office.DoesNotExist as exc:
        raise Http404 from exc
    try:
        member = services.find_member(actor=request.user, id_number=data["id_number"], id_type=data["id_type"])
        services.term_assign(
            actor=request.user,
            office=office,
            member=member,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            notes=data["notes"],
        )
    except ValidationError as exc:
        service_error(request, exc)
    else:
        messages.success(request, _("%(name)s now holds the office.") % {"name": member.full_name})
    return redirect("party_bodies:office-body-detail", pk=pk)


@role_required(*MANAGERS)
@require_POST
def office_functions(request, pk: int):
    office = _get(Office, request, pk, "body")
    functions = request.POST.get("functions", "").strip()
    if not functions:
        messages.error(request, _("Write the functions of the office."))
    else:
        services.office_update_functions(actor=request.user, office=office, functions=functions[:5000])
        messages.success(request, _("Functions saved."))
    return redirect("party_bodies:office-body-detail", pk=office.body_id)


@role_required(*MANAGERS)
@require_POST
def term_end(request, pk: int):
    term = _get(OfficeTerm, request, pk, "office")
    form = EndTermForm(request.POST)
    if form.is_valid():
        try:
            services.term_end(actor=request.user, term=term, ends_on=form.cleaned_data["ends_on"])
        except ValidationError as exc:
            service_error(request, exc)
    return redirect("party_bodies:office-body-detail", pk=term.office.body_id)


@role_required(*VIEWERS)
def directory(request):
    filter_form = TerritoryFilterForm(request.GET or None, user=request.user)
    territory = filter_form.cleaned_data.get("territory") if filter_form.is_valid() else None
    terms = selectors.directory(user=request.user, territory=territory)
    if request.GET.get("format") == "csv":
        response = download_response(b"", filename="directorio-dignatarios.csv", content_type=CSV_CONTENT_TYPE)
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(
            [_("Territory"), _("Body"), _("Office"), _("Name"), _("Document"), _("Phone"), _("E-mail"), _("Until")]
        )
        count = 0
        for term in terms.iterator(chunk_size=2000):
            count += 1
            member = term.member
            writer.writerow(
                [
                    safe_cell(v)
                    for v in (
                        term.office.body.territory.name,
                        term.office.body.name,
                        term.office.get_title_display(),
                        member.full_name,
                        f"{member.id_type} {member.id_number}",
                        member.phone,
                        member.email,
                        term.ends_on.isoformat(),
                    )
                ]
            )
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.EXPORT,
            message=_("office directory (%(count)s rows)") % {"count": count}
            + (f" {territory.name}" if territory else ""),
        )
        return response
    return render(
        request,
        "party_bodies/directory.html",
        {"terms": terms[:500], "filter_form": filter_form, "query": request.GET.urlencode()},
    )


@role_required(*VIEWERS)
def training_list(request):
    form = TrainingForm(request.POST or None, user=request.user)
    if request.method == "POST":
        require_role(request, *MANAGERS)
        if form.is_valid():
            try:
                event = services.training_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                service_error(request, exc)
            else:
                return redirect("party_bodies:training-detail", pk=event.pk)
    return render(
        request,
        "party_bodies/training_list.html",
        {
            "events": selectors.training_list(user=request.user)[:200],
            "form": form,
            "can_manage": request.user.has_role(*MANAGERS),
        },
    )


@role_required(*VIEWERS)
def training_detail(request, pk: int):
    event = _get(TrainingEvent, request, pk, "territory")
    form = AttendanceForm(request.POST or None)
    if request.method == "POST":
        require_role(request, *MANAGERS)
        if form.is_valid():
            try:
                member = services.find_member(
                    actor=request.user, id_number=form.cleaned_data["id_number"], id_type=form.cleaned_data["id_type"]
                )
                services.attendance_record(actor=request.user, event=event, member=member)
            except ValidationError as exc:
                service_error(request, exc)
            else:
                messages.success(request, _("%(name)s recorded.") % {"name": member.full_name})
                return redirect("party_bodies:training-detail", pk=pk)
    attendances = event.attendances.select_related("member").order_by("member__last_names", "member__first_names")
    return render(
        request,
        "party_bodies/training_detail.html",
        {"event": event, "attendances": attendances, "form": form, "can_manage": request.user.has_role(*MANAGERS)},
    )


@role_required(*VIEWERS)
def training_certificate(request, pk: int):
    attendance = _get(TrainingAttendance, request, pk, "event", "member", "event__territory")
    event, member = attendance.event, attendance.member
    pdf = attendance_certificate_pdf(
        {
            "name": member.full_name,
            "document": f"{member.id_type} {member.id_number}",
            "event_kind": str(event.get_kind_display()),
            "title": event.title,
            "topic": event.topic,
            "date": event.held_on.strftime("%d/%m/%Y"),
            "place": event.place,
            "territory": event.territory.name,
            "trainer": event.trainer,
            "hours": event.hours,
            "code": f"FOR-{event.pk}-{attendance.pk}",
        }
    )
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.DOWNLOAD,
        obj=member,
        message=_("training certificate %(id)s") % {"id": event.pk},
    )
    return pdf_response(pdf, filename=f"certificado-formacion-{attendance.pk}.pdf", inline=True)
