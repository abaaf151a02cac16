"""Solidarity pages: cases (the secretariat's and each professional's) and the directory."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views.helpers import call_service, form_error_messages, page_without_count, service_error
from core.workflow import allowed_transitions

from . import selectors, services
from .forms import (
    ActionForm,
    AssignForm,
    CaseFilterForm,
    CaseForm,
    CloseForm,
    ProfessionalForm,
    ReopenForm,
    RestrictForm,
)
from .models import Professional, SolidarityCase, holds_solidarity_role, is_case_professional

PAGE_SIZE = 50


def _login_then(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# The secretariat's role, never implied by another office (models.holds_solidarity_role).
secretariat_required = _login_then(holds_solidarity_role)
# The secretariat, or a professional of the directory signing in for their cases.
case_worker_required = _login_then(lambda user: holds_solidarity_role(user) or is_case_professional(user))
# A case's own pages: signed in, then the case must be visible (404 otherwise, whatever the role:
# for everyone else the case does not exist), then the step's own rule.
signed_in = _login_then(lambda user: True)


def _secretariat_case(request, pk: int) -> SolidarityCase:
    case = _case(request, pk)
    if not holds_solidarity_role(request.user):
        raise PermissionDenied
    return case


def _case(request, pk: int) -> SolidarityCase:
    try:
        return selectors.case_get(user=request.user, pk=pk)
    except SolidarityCase.DoesNotExist as exc:
        raise Http404 from exc


@case_worker_required
def case_list(request):
    filter_form = CaseFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    cases = selectors.case_list(
        user=request.user,
        status=filters.get("status", ""),
        kind=filters.get("kind", ""),
        urgency=filters.get("urgency", ""),
        open_only=not filters.get("status"),
    )
    page = page_without_count(cases, request.GET.get("page"), PAGE_SIZE)
    services.cases_read(actor=request.user, cases=list(page))
    return render(
        request,
        "solidarity/case_list.html",
        {
            "page": page,
            "filter_form": filter_form,
            "is_secretariat": holds_solidarity_role(request.user),
        },
    )


@secretariat_required
def case_create(request):
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.case_member_find(actor=request.user, id_type=data["id_type"], id_number=data["id_number"])
            case = services.case_open(
                actor=request.user,
                member=member,
                kind=data["kind"],
                urgency=data["urgency"],
                facts=data["facts"],
                needs=data["needs"],
            )
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("%(case)s opened.") % {"case": case})
            return redirect("solidarity:case-detail", pk=case.pk)
    return render(request, "solidarity/case_form.html", {"form": form})


def _detail(request, case: SolidarityCase, *, assign_form=None, status: int = 200):
    services.case_read(actor=request.user, case=case)
    actions, history = selectors.case_timeline(case=case)
    is_secretariat = holds_solidarity_role(request.user)
    named = list(case.allowed_users.order_by("first_name", "username")) if is_secretariat or case.restricted else []
    warn_specialty = bool(assign_form is not None and "confirm_specialty" in assign_form.errors)
    return render(
        request,
        "solidarity/case_detail.html",
        {
            "case": case,
            "actions": actions,
            "history": history,
            "is_secretariat": is_secretariat,
            "moves": allowed_transitions(case, request.user),
            "assign_form": assign_form or (AssignForm(user=request.user) if is_secretariat else None),
            "warn_specialty": warn_specialty,
            "action_form": ActionForm(),
            "close_form": CloseForm(),
            "reopen_form": ReopenForm(),
            "restrict_form": RestrictForm(initial={"restricted": case.restricted, "users": named})
            if is_secretariat
            else None,
            "named_people": named if case.restricted else [],
        },
        status=status,
    )


@signed_in
def case_detail(request, pk: int):
    return _detail(request, _case(request, pk))


@signed_in
@require_POST
def case_assign(request, pk: int):
    case = _secretariat_case(request, pk)
    form = AssignForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.case_assign(
                actor=request.user,
                case=case,
                professional=data["professional"],
                specialty_confirmed=data["confirm_specialty"],
                territory_reason=data["territory_reason"],
            )
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Case assigned to %(name)s.") % {"name": data["professional"].name})
            return redirect("solidarity:case-detail", pk=pk)
    # The warning (specialty) or the missing reason are shown on the form, which keeps the choice.
    return _detail(request, case, assign_form=form)


@signed_in
@require_POST
def case_action(request, pk: int):
    case = _case(request, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
    else:
        call_service(
            request,
            lambda: services.case_action_record(actor=request.user, case=case, **form.cleaned_data),
            success=_("Recorded."),
        )
    return redirect("solidarity:case-detail", pk=pk)


@signed_in
@require_POST
def case_transition(request, pk: int):
    case = _secretariat_case(request, pk)
    name = request.POST.get("transition")
    if name == "close":
        form = CloseForm(request.POST)
        call = lambda data: services.case_close(actor=request.user, case=case, outcome=data["outcome"])  # noqa: E731
    elif name == "reopen":
        form = ReopenForm(request.POST)
        call = lambda data: services.case_reopen(actor=request.user, case=case, note=data["note"])  # noqa: E731
    else:
        messages.error(request, _("Unknown step."))
        return redirect("solidarity:case-detail", pk=pk)
    if not form.is_valid():
        form_error_messages(request, form)
    else:
        call_service(request, lambda: call(form.cleaned_data), success=_("Case updated."))
    return redirect("solidarity:case-detail", pk=pk)


@signed_in
@require_POST
def case_restrict(request, pk: int):
    case = _secretariat_case(request, pk)
    form = RestrictForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
    else:
        call_service(
            request,
            lambda: services.case_restrict(
                actor=request.user,
                case=case,
                restricted=form.cleaned_data["restricted"],
                users=list(form.cleaned_data["users"]),
            ),
            success=_("Access to the case updated."),
        )
    if not SolidarityCase.objects.visible_to(request.user).filter(pk=pk).exists():
        return redirect("solidarity:case-list")
    return redirect("solidarity:case-detail", pk=pk)


@secretariat_required
def professional_list(request):
    form = ProfessionalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            professional = services.professional_save(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("%(name)s added to the directory.") % {"name": professional.name})
            return redirect("solidarity:professional-list")
    return render(
        request,
        "solidarity/professional_list.html",
        {"professionals": selectors.professional_list(user=request.user)[:500], "form": form},
    )


@secretariat_required
def professional_edit(request, pk: int):
    try:
        professional = selectors.professional_list(user=request.user).get(pk=pk)
    except Professional.DoesNotExist as exc:
        raise Http404 from exc
    initial = {
        "name": professional.name,
        "specialty": professional.specialty,
        "territory": professional.territory,
        "availability": professional.availability,
        "availability_notes": professional.availability_notes,
        "phone": professional.phone,
        "email": professional.email,
        "user": professional.user,
        "active": professional.active,
    }
    form = ProfessionalForm(request.POST or None, initial=initial, user=request.user, professional=professional)
    if request.method == "POST" and form.is_valid():
        try:
            services.professional_save(actor=request.user, professional=professional, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("solidarity:professional-list")
    return render(request, "solidarity/professional_form.html", {"form": form, "professional": professional})
