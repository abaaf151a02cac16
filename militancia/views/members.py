"""Member pages: list (filters, search, keyset pages), detail with timeline, forms, status, export."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from core.roles import Role
from core.views.helpers import download_response, form_error_messages, role_required, service_error
from core.views.search import search_data, search_redirect
from militancia import selectors, services
from militancia.dashboard import MEMBER_READERS
from militancia.exports import FORMATS, members_csv_stream, members_export
from militancia.forms import MemberFilterForm, MemberForm, MemberStatusForm
from militancia.models import Member
from militancia.panels import panels_for
from militancia.roles import CERTIFIERS, MEMBER_EDITORS, STATUS_EDITORS

logger = logging.getLogger(__name__)
CSV_CONTENT_TYPE = FORMATS["csv"]
# The filter form posts and the list shows `?s=<token>`: what was typed never goes in the address.
SEARCH = "militancia.members"

EXPORTERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)


def get_member_or_404(request, pk: int) -> Member:
    try:
        return selectors.member_get(user=request.user, pk=pk)
    except Member.DoesNotExist as exc:
        raise Http404 from exc


def _int_param(request, name: str) -> int | None:
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if value > 0 else None


def _filters(form: MemberFilterForm) -> dict:
    # With a bad field, the list still applies the filters that are valid (the error is shown).
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


@role_required(*MEMBER_READERS)
@require_http_methods(["GET", "POST"])
def member_list(request):
    if request.method == "POST":
        return search_redirect(request, list_name=SEARCH, keep=("orden",))
    form = MemberFilterForm(search_data(request, list_name=SEARCH) or None, user=request.user)
    filters = _filters(form)
    sort = request.GET.get("orden", "")
    parsed = selectors.parse_member_sort(sort)
    page = selectors.member_page(
        user=request.user,
        filters=filters,
        after=_int_param(request, "after"),
        before=_int_param(request, "before"),
        sort=sort,
    )
    services.members_read(members=page.object_list, actor=request.user, what=_("Members list page"))
    return render(
        request,
        "militancia/member_list.html",
        {
            "form": form,
            "page": page,
            "sort": sort if parsed else "",
            "columns": _sort_columns(parsed),
            "can_add": request.user.has_role(*MEMBER_EDITORS),
            "can_export": request.user.has_role(*EXPORTERS),
            "filtered": any(value not in (None, "") for value in filters.values()),
        },
    )


SORT_LABELS = {
    "name": _lazy("Name"),
    "document": _lazy("Document"),
    "territory": _lazy("Municipality"),
    "joined": _lazy("Joined on"),
}


def _sort_columns(parsed: tuple[str, bool] | None) -> dict[str, dict]:
    """Per sortable column: its label, the `orden` value its header link sets and its aria-sort.

    A first click sorts ascending, a second one descending."""
    columns = {}
    for key, label in SORT_LABELS.items():
        current = parsed is not None and parsed[0] == key
        descending = current and parsed[1]
        columns[key] = {
            "label": label,
            "next": f"-{key}" if current and not descending else key,
            "aria_sort": ("descending" if descending else "ascending") if current else "none",
            "ascending": current and not descending,
            "descending": descending,
        }
    return columns


def _described(filters: dict) -> str:
    """The filters of an export for its audit event; what was typed in the search box is left out
    (a document number or a name): the members it found are recorded one by one instead."""
    shown = {key: "…" if key == "q" else value for key, value in filters.items() if value not in (None, "")}
    return ", ".join(f"{key}={value}" for key, value in sorted(shown.items()))


@role_required(*EXPORTERS)
def member_export(request, fmt: str):
    form = MemberFilterForm(search_data(request, list_name=SEARCH) or None, user=request.user)
    if form.is_bound and not form.is_valid():
        # Never export more than the user asked for because a filter was mistyped.
        form_error_messages(request, form)
        return redirect(f"{reverse('militancia:member-list')}?{request.GET.urlencode()}")
    filters = _filters(form)
    members = selectors.member_list(user=request.user, filters=filters)
    description = _described(filters)
    if fmt == "csv":
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return download_response(
            members_csv_stream(actor=request.user, queryset=members, description=description),
            filename=f"militantes-{stamp}.csv",
            content_type=CSV_CONTENT_TYPE,
        )
    try:
        export = members_export(actor=request.user, queryset=members, fmt=fmt, description=description)
    except ValidationError as exc:
        service_error(request, exc)
        return redirect(f"{reverse('militancia:member-list')}?{request.GET.urlencode()}")
    return download_response(export.content, filename=export.filename, content_type=export.content_type)


@role_required(*MEMBER_READERS)
def member_detail(request, pk: int):
    member = get_member_or_404(request, pk)
    user = request.user
    services.member_record_read(member=member, actor=user)
    return render(
        request,
        "militancia/member_detail.html",
        {
            "member": member,
            "timeline": selectors.member_timeline(member=member),
            "panels": _renderable(panels_for(member, user)),
            # member_update refuses a merged or anonymized record: offer no form it would refuse.
            "can_edit": user.has_role(*MEMBER_EDITORS) and not member.merged_into_id and not member.anonymized_at,
            "can_change_status": user.has_role(*STATUS_EDITORS) and not member.status_frozen_reason,
            "can_certify": user.has_role(*CERTIFIERS) and member.is_active and not member.merged_into_id,
        },
    )


def _renderable(panels: list[dict]) -> list[dict]:
    """Panels whose template exists: a contributing app being deployed must not break the page."""
    ready = []
    for item in panels:
        try:
            get_template(item["panel"].template)
        except TemplateDoesNotExist:
            logger.warning("Member panel %s: template %s missing", item["panel"].key, item["panel"].template)
            continue
        ready.append(item)
    return ready


def _form_values(form: MemberForm) -> dict:
    data = dict(form.cleaned_data)
    for name in ("consent_file", "photo"):
        if not data.get(name):
            data.pop(name, None)
    return data


@role_required(*MEMBER_EDITORS)
@require_http_methods(["GET", "POST"])
def member_create(request):
    form = MemberForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_register(actor=request.user, **_form_values(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Member %(name)s registered.") % {"name": member.full_name})
            return redirect("militancia:member-detail", pk=member.pk)
    return render(request, "militancia/member_form.html", {"form": form, "member": None})


@role_required(*MEMBER_EDITORS)
@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int):
    member = get_member_or_404(request, pk)
    if member.merged_into_id:
        raise Http404
    form = MemberForm(
        request.POST or None, request.FILES or None, user=request.user, initial=MemberForm.initial_from(member)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(member=member, actor=request.user, data=_form_values(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("militancia:member-detail", pk=member.pk)
    return render(request, "militancia/member_form.html", {"form": form, "member": member})


@role_required(*STATUS_EDITORS)
@require_http_methods(["GET", "POST"])
def member_status(request, pk: int):
    member = get_member_or_404(request, pk)
    # A merged or anonymized record: the page says why instead of offering a form the service refuses.
    frozen = member.status_frozen_reason
    form = None if frozen else MemberStatusForm(request.POST or None, member=member)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.member_change_status(
                member=member,
                actor=request.user,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                effective_date=form.cleaned_data["effective_date"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Status changed."))
            return redirect("militancia:member-detail", pk=member.pk)
    return render(request, "militancia/member_status.html", {"form": form, "member": member, "frozen": frozen})
