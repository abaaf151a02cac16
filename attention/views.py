"""Attention request pages: the staff queue and detail, figures, and the public form and status page."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from attention.calendar import business_days_left
from attention.models import AttentionAttachment, AttentionKind, AttentionRequest
from attention.roles import HANDLERS
from core.audit import audit_record
from core.models import AuditEvent
from core.roles import Role
from core.views.files import file_response
from core.views.helpers import page_without_count, role_required, service_error
from core.views.search import search_data, search_redirect
from militancia.services import members_read

from . import selectors, services
from .answers import filled_templates
from .challenge import new_challenge
from .forms import (
    AnswerForm,
    AssignForm,
    ExtensionForm,
    PublicRequestForm,
    PublicStatusForm,
    QueueFilterForm,
    StaffRequestForm,
    TransitionForm,
)

VIEWERS = (*HANDLERS, Role.READ_ONLY)


def _get_or_404(request, pk):
    try:
        return selectors.attention_detail(user=request.user, pk=pk)
    except AttentionRequest.DoesNotExist as exc:
        raise Http404 from exc


# The filter form posts: a requester's ID number typed in the search box never goes in the address.
QUEUE_SEARCH = "attention.queue"


@role_required(*VIEWERS)
@require_http_methods(["GET", "POST"])
def queue(request):
    if request.method == "POST":
        return search_redirect(request, list_name=QUEUE_SEARCH)
    form = QueueFilterForm(search_data(request, list_name=QUEUE_SEARCH) or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = page_without_count(
        selectors.attention_queue(user=request.user, filters=filters),
        request.GET.get("page"),
        selectors.QUEUE_PAGE_SIZE,
    )
    # Labels looked up once per page: get_FOO_display() rebuilds the translated choices on every call.
    labels = {
        "kind": {k: str(v) for k, v in AttentionKind.choices},
        "channel": {k: str(v) for k, v in AttentionRequest.Channel.choices},
    }
    for row in page.object_list:
        row.kind_label = labels["kind"].get(row.kind, row.kind)
        row.channel_label = labels["channel"].get(row.channel, row.channel)
        row.is_open_row = row.status in AttentionRequest.OPEN_STATUSES
    today = timezone.localdate()
    for row in page.object_list:
        # The term runs for open requests, except while waiting for the requester (suspended).
        row.is_running = row.is_open_row and row.status != AttentionRequest.Status.WAITING
        row.days_left = business_days_left(today, row.due_on) if row.is_running else None
        row.days_late = -row.days_left if row.days_left is not None else None
        row.is_suspended_row = row.status == AttentionRequest.Status.WAITING
        row.withdrawal_passed = row.withdrawal_on is not None and row.withdrawal_on < today
    # The requesters who are members were shown: their data report lists this read.
    members_read(
        members=[row.member for row in page.object_list if row.member_id],
        actor=request.user,
        what=_("Attention queue page"),
    )
    return render(
        request,
        "attention/queue.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "soon": selectors.due_soon_limit(today),
            "can_handle": request.user.has_role(*HANDLERS),
        },
    )


@role_required(*HANDLERS)
def create(request):
    form = StaffRequestForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obj = services.attention_create(
                actor=request.user,
                channel=data["channel"],
                kind=data["kind"],
                subject=data["subject"],
                description=data["description"],
                requester_id_type=data["requester_id_type"],
                requester_id_number=data["requester_id_number"],
                requester_name=data.get("requester_name") or "",
                email=data.get("email") or "",
                phone=data.get("phone") or "",
                address=data.get("address") or "",
                member=form.member,
                territory=data.get("territory"),
                received_on=data["received_on"],
                assigned_to=data.get("assigned_to"),
                attachments=[data["attachment"]] if data.get("attachment") else [],
            )
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Request %(n)s registered.") % {"n": obj.tracking_number})
            return redirect("attention:attention-detail", pk=obj.pk)
    return render(request, "attention/form.html", {"form": form})


@role_required(*VIEWERS)
def detail(request, pk: int):
    obj = _get_or_404(request, pk)
    can_handle = request.user.has_role(*HANDLERS)
    context = {
        "obj": obj,
        "today": timezone.localdate(),
        "soon": selectors.due_soon_limit(),
        "history": obj.history.select_related("actor"),
        "extensions": obj.extensions.select_related("created_by"),
        "attachments": obj.attachments.all(),
        "can_handle": can_handle,
    }
    if can_handle:
        context.update(
            answer_form=AnswerForm(initial={"send": True}),
            transition_form=TransitionForm(),
            extension_form=ExtensionForm(),
            assign_form=AssignForm(user=request.user, initial={"assigned_to": obj.assigned_to_id}),
            answer_templates=filled_templates(obj),
        )
    context.update(_forms_from_session(request, pk))
    return render(request, "attention/detail.html", context)


def _forms_from_session(request, pk):
    """A refused POST redirects back with its form (and errors) kept in the session for one view."""
    saved = request.session.pop(f"attention-{pk}-form", None)
    if not saved:
        return {}
    form_classes = {"answer_form": AnswerForm, "transition_form": TransitionForm, "extension_form": ExtensionForm}
    name, data, errors = saved["name"], saved["data"], saved["errors"]
    form = form_classes[name](data)
    form.is_valid()
    for field, messages_ in errors.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)
    return {name: form, "open_panel": name}


def _refuse(request, pk, name, form, exc=None):
    errors = dict(form.errors)
    if exc is not None:
        if hasattr(exc, "error_dict"):
            for field, msgs in exc.message_dict.items():
                errors.setdefault(field if field in form.fields else "__all__", []).extend(msgs)
        else:
            errors.setdefault("__all__", []).extend(exc.messages)
    request.session[f"attention-{pk}-form"] = {
        "name": name,
        "data": {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"},
        "errors": {k: [str(m) for m in v] for k, v in errors.items()},
    }
    messages.error(request, " ".join(str(m) for msgs in errors.values() for m in msgs))
    return redirect("attention:attention-detail", pk=pk)


@role_required(*HANDLERS)
@require_POST
def answer(request, pk: int):
    obj = _get_or_404(request, pk)
    form = AnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refuse(request, pk, "answer_form", form)
    data = form.cleaned_data
    try:
        services.attention_answer(
            request=obj,
            actor=request.user,
            text=data["answer_text"],
            files=[data["attachment"]] if data.get("attachment") else [],
            send=data.get("send", False),
        )
    except ValidationError as exc:
        return _refuse(request, pk, "answer_form", form, exc)
    messages.success(request, _("Answer recorded."))
    return redirect("attention:attention-detail", pk=pk)


@role_required(*HANDLERS)
@require_POST
def transition(request, pk: int):
    obj = _get_or_404(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _refuse(request, pk, "transition_form", form)
    try:
        services.attention_transition(
            request=obj, to_status=form.cleaned_data["to_status"], actor=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        return _refuse(request, pk, "transition_form", form, exc)
    messages.success(request, _("Status updated."))
    return redirect("attention:attention-detail", pk=pk)


@role_required(*HANDLERS)
@require_POST
def extend(request, pk: int):
    obj = _get_or_404(request, pk)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        return _refuse(request, pk, "extension_form", form)
    data = form.cleaned_data
    try:
        services.attention_extend(
            request=obj,
            actor=request.user,
            new_due_on=data["new_due_on"],
            reason=data["reason"],
            notice_on=data["notice_on"],
        )
    except ValidationError as exc:
        return _refuse(request, pk, "extension_form", form, exc)
    messages.success(request, _("Term extended."))
    return redirect("attention:attention-detail", pk=pk)


@role_required(*HANDLERS)
@require_POST
def assign(request, pk: int):
    obj = _get_or_404(request, pk)
    form = AssignForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.attention_assign(request=obj, assignee=form.cleaned_data["assigned_to"], actor=request.user)
        except ValidationError as exc:
            service_error(request, exc)
        else:
            messages.success(request, _("Assignment updated."))
    else:
        messages.error(request, _("Choose a staff member."))
    return redirect("attention:attention-detail", pk=pk)


@role_required(*VIEWERS)
def attachment(request, pk: int):
    try:
        item = AttentionAttachment.objects.visible_to(request.user).select_related("request").get(pk=pk)
    except AttentionAttachment.DoesNotExist as exc:
        raise Http404 from exc
    audit_record(actor=request.user, action=AuditEvent.Action.DOWNLOAD, obj=item.request, message=item.name)
    return file_response(item.file, item.name, as_attachment=True)


@role_required(*VIEWERS)
def figures(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    data = selectors.attention_figures(user=request.user, year=year)
    channel_labels = dict(AttentionRequest.Channel.choices)
    kind_labels = dict(AttentionKind.choices)
    charts = {
        "channel": {
            "labels": [str(channel_labels.get(r["channel"], r["channel"])) for r in data["by_channel"]],
            "values": [r["total"] for r in data["by_channel"]],
        },
        "kind": {
            "labels": [str(kind_labels.get(r["kind"], r["kind"])) for r in data["by_kind"]],
            "values": [r["total"] for r in data["by_kind"]],
        },
        "month": {
            "labels": [r["month"].strftime("%Y-%m") for r in data["by_month"]],
            "values": [r["total"] for r in data["by_month"]],
            "on_time": [r["on_time_pct"] for r in data["by_month"]],  # null: nothing answered yet
        },
        "labels": {"requests": _("Requests"), "on_time": _("Answered on time (%)")},
    }
    for row in data["by_channel"]:
        row["label"] = channel_labels.get(row["channel"], row["channel"])
    for row in data["by_kind"]:
        row["label"] = kind_labels.get(row["kind"], row["kind"])
    return render(
        request,
        "attention/figures.html",
        {"data": data, "charts": charts, "year": year, "years": range(today.year, today.year - 5, -1)},
    )


# ---- Public pages (no login) -------------------------------------------------------------------

PUBLIC_RATE = getattr(settings, "ATTENTION_PUBLIC_RATE", "10/h")


def _limited(request, group: str) -> bool:
    return is_ratelimited(request, group=group, key="ip", rate=PUBLIC_RATE, method="POST", increment=True)


def public_form(request):
    if request.method == "POST":
        if _limited(request, "attention-public-form"):
            return render(request, "attention/public_limited.html", status=429)
        form = PublicRequestForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                obj = services.attention_create(
                    actor=None,
                    public=True,
                    channel=AttentionRequest.Channel.WEB,
                    kind=data["kind"],
                    subject=data["subject"],
                    description=data["description"],
                    requester_id_type=data["requester_id_type"],
                    requester_id_number=data["requester_id_number"],
                    requester_name=data["requester_name"],
                    email=data.get("email") or "",
                    phone=data.get("phone") or "",
                    address=data.get("address") or "",
                    territory=data["territory"],
                    attachments=[data["attachment"]] if data.get("attachment") else [],
                )
            except ValidationError as exc:
                service_error(request, exc, form)
            else:
                request.session["attention_ack"] = {
                    "number": obj.tracking_number,
                    "due_on": obj.due_on.isoformat(),
                    "kind": str(obj.get_kind_display()),
                }
                return redirect("attention:attention-public-ack")
        # A new question each time: a bot cannot replay a solved token forever.
        question, token = new_challenge()
        form.data = form.data.copy()
        form.data["challenge_token"] = token
        form.data["challenge_answer"] = ""
    else:
        question, token = new_challenge()
        form = PublicRequestForm(initial={"challenge_token": token})
    form.fields["challenge_answer"].label = _("Anti-spam check: how much is %(question)s?") % {"question": question}
    return render(request, "attention/public_form.html", {"form": form})


def public_ack(request):
    ack = request.session.get("attention_ack")
    if not ack:
        return redirect("attention:attention-public-form")
    # The session keeps the ISO date (JSON); people read dd/mm/aaaa.
    ack = {**ack, "due_on": date.fromisoformat(ack["due_on"]).strftime("%d/%m/%Y")}
    return render(request, "attention/public_ack.html", {"ack": ack})


def public_status(request):
    """Status by tracking number + document number. Same answer for "no such request" and
    "wrong document", and nothing about membership: only the request's own progress."""
    form = PublicStatusForm(request.POST or None)
    result = None
    not_found = False
    if request.method == "POST":
        if _limited(request, "attention-public-status"):
            return render(request, "attention/public_limited.html", status=429)
        if form.is_valid():
            number = form.cleaned_data["requester_id_number"]
            result = (
                AttentionRequest.objects.filter(
                    tracking_number=form.cleaned_data["tracking_number"],
                    requester_id_number__in={number, number.lstrip("0") or number},
                )
                .only(
                    "tracking_number",
                    "kind",
                    "status",
                    "received_on",
                    "due_on",
                    "suspended_on",
                    "answered_on",
                    "answer_sent_at",
                )
                .first()
            )
            not_found = result is None
    return render(
        request,
        "attention/public_status.html",
        {
            "form": form,
            "result": result,
            "not_found": not_found,
            "form_url": reverse("attention:attention-public-form"),
        },
    )
