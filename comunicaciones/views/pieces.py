"""Pages of pieces: list, need registration, detail with workflow actions, editing, files, publication."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from comunicaciones import selectors
from comunicaciones.forms import (
    AttachmentForm,
    NeedForm,
    PieceEditForm,
    PieceFilterForm,
    PublicationForm,
    RescheduleForm,
    TransitionForm,
)
from comunicaciones.models import Piece, PieceAttachment
from comunicaciones.roles import READ_ROLES, TEAM_ROLES
from comunicaciones.services import uploads, workflow
from core.audit import audit_record
from core.models import AuditEvent
from core.tabular import workbook_bytes
from core.views.files import file_response
from core.views.helpers import (
    XLSX_CONTENT_TYPE,
    download_response,
    error_text,
    form_error_messages,
    page_without_count,
    role_required,
    service_error,
)

S = Piece.Status


def _piece_or_404(request, pk: int) -> Piece:
    try:
        return selectors.piece_for(user=request.user, pk=pk)
    except Piece.DoesNotExist as exc:
        raise Http404 from exc


@role_required(*READ_ROLES)
def piece_list(request):
    form = PieceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = page_without_count(selectors.piece_list(user=request.user, filters=filters), request.GET.get("page"), 50)
    returned = list(selectors.pieces_returned_with_comment(user=request.user)[:20])
    mine = list(selectors.my_open_pieces(user=request.user)[:20]) if request.user.has_role(*TEAM_ROLES) else []
    return render(
        request,
        "comunicaciones/piece_list.html",
        {
            "form": form,
            "page": page,
            "returned": returned,
            "mine": mine,
            "can_create": request.user.has_role(*TEAM_ROLES),
        },
    )


EXPORT_LIMIT = 10_000


@role_required(*READ_ROLES)
def piece_export(request):
    """The piece list as the filters left it, as .xlsx (audited; formula-safe cells)."""
    form = PieceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    pieces = selectors.piece_list(user=request.user, filters=filters)[:EXPORT_LIMIT]
    header = [
        _("Title"),
        _("Status"),
        pgettext("comunicaciones", "Requested by"),
        _("Campaign"),
        _("Author"),
        _("Designer"),
        _("Planned publication date"),
        _("Channels"),
        _("Version"),
    ]
    rows = [
        [
            piece.title,
            piece.get_status_display(),
            piece.requested_by,
            piece.campaign,
            str(piece.author or ""),
            str(piece.designer or ""),
            piece.planned_date.strftime("%d/%m/%Y") if piece.planned_date else "",
            ", ".join(piece.channel_labels),
            piece.version,
        ]
        for piece in pieces
    ]
    audit_record(
        actor=request.user, action=AuditEvent.Action.EXPORT, message=_("Content pieces (%(n)s)") % {"n": len(rows)}
    )
    return download_response(
        workbook_bytes(str(_("Pieces")), header, rows),
        filename=f"piezas-{timezone.localdate():%Y-%m-%d}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@role_required(*TEAM_ROLES)
def need_create(request):
    form = NeedForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            piece = workflow.piece_register_need(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc)
        else:
            messages.success(request, _("Need registered."))
            return redirect("comunicaciones:piece-detail", pk=piece.pk)
    return render(request, "comunicaciones/need_form.html", {"form": form})


@role_required(*READ_ROLES)
def piece_detail(request, pk: int):
    piece = _piece_or_404(request, pk)
    user = request.user
    transitions = workflow.allowed_transitions(piece=piece, user=user)
    can_edit = user.has_role(*TEAM_ROLES) and piece.status != S.PUBLISHED
    can_upload = False
    try:
        uploads.upload_stage(piece=piece, actor=user)
        can_upload = user.has_role(*TEAM_ROLES)
    except ValidationError:
        pass
    can_publish = user.has_role(*TEAM_ROLES) and piece.status in (S.FINAL_DELIVERED, S.PUBLISHED)
    context = {
        "piece": piece,
        "can_edit": can_edit,
        "can_upload": can_upload,
        "can_publish": can_publish,
        "attachments": piece.attachments.filter(removed=False).select_related("uploaded_by"),
        "removable": uploads.removable_attachment_ids(piece=piece, actor=user) if can_upload else set(),
        "versions": piece.versions.select_related("submitted_by", "decided_by").prefetch_related("attachments"),
        "events": piece.events.select_related("actor"),
        "publications": piece.publications.select_related("published_by"),
        "attachment_form": AttachmentForm(),
        "publication_form": PublicationForm(piece=piece),
        "transition_form": TransitionForm(initial={"expected_version": piece.version}),
        "can_review": piece.is_in_review and user.has_role(*TEAM_ROLES) and any(t.is_decision for t in transitions),
    }
    return render(request, "comunicaciones/piece_detail.html", context)


@role_required(*TEAM_ROLES)
def piece_edit(request, pk: int):
    piece = _piece_or_404(request, pk)
    can_edit_text = piece.status in (S.NEED, S.EDITORIAL, S.DRAFTING, S.CONTENT_RETURNED) and (
        piece.author_id in (None, request.user.pk)
    )
    form = PieceEditForm(request.POST or None, instance=piece, can_edit_text=can_edit_text)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields if name in form.changed_data}
        try:
            workflow.piece_update(piece_id=piece.pk, actor=request.user, **fields)
        except ValidationError as exc:
            service_error(request, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("comunicaciones:piece-detail", pk=piece.pk)
    piece.refresh_from_db()
    return render(request, "comunicaciones/piece_form.html", {"form": form, "piece": piece})


@require_POST
@role_required(*TEAM_ROLES)
def piece_transition(request, pk: int):
    piece = _piece_or_404(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was not valid."))
        return redirect("comunicaciones:piece-detail", pk=piece.pk)
    data = form.cleaned_data
    try:
        workflow.piece_move(
            piece_id=piece.pk,
            name=data["action"],
            actor=request.user,
            comment=data["comment"],
            expected_version=data["expected_version"],
            assignee=data["assignee"],
        )
    except ValidationError as exc:
        service_error(request, exc)
        if request.POST.get("next") == "review" and piece.is_in_review:
            return redirect("comunicaciones:review", pk=piece.pk)
    else:
        label = workflow.TRANSITIONS[data["action"]].label
        messages.success(request, _("Done: %(action)s.") % {"action": label})
        if request.POST.get("next") == "review" and request.GET.get("then") == "next":
            following = selectors.next_for_review(user=request.user, after=piece)
            if following is not None:
                return redirect("comunicaciones:review", pk=following.pk)
            messages.info(request, _("No other piece is waiting for your review."))
            return redirect("comunicaciones:inbox")
        if request.POST.get("next") == "review":
            return redirect("comunicaciones:inbox")
    return redirect("comunicaciones:piece-detail", pk=piece.pk)


@require_POST
@role_required(*TEAM_ROLES)
def attachment_upload(request, pk: int):
    piece = _piece_or_404(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        form_error_messages(request, form)
    else:
        try:
            uploads.attachment_add(piece_id=piece.pk, actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            service_error(request, exc)
        else:
            messages.success(request, _("File uploaded."))
    return redirect(reverse("comunicaciones:piece-detail", args=[piece.pk]) + "#archivos")


@require_POST
@role_required(*TEAM_ROLES)
def attachment_remove(request, pk: int, attachment_id: int):
    piece = _piece_or_404(request, pk)
    attachment = get_object_or_404(PieceAttachment, pk=attachment_id, piece=piece)
    try:
        uploads.attachment_remove(attachment_id=attachment.pk, actor=request.user)
    except ValidationError as exc:
        service_error(request, exc)
    else:
        messages.success(request, _("File removed from the working set."))
    return redirect(reverse("comunicaciones:piece-detail", args=[piece.pk]) + "#archivos")


@role_required(*READ_ROLES)
def attachment_download(request, pk: int, attachment_id: int):
    piece = _piece_or_404(request, pk)
    attachment = get_object_or_404(PieceAttachment, pk=attachment_id, piece=piece)
    inline = request.GET.get("ver") == "1" and attachment.kind != PieceAttachment.Kind.PDF
    response = file_response(
        attachment.file, attachment.original_name, as_attachment=not inline, content_type=attachment.content_type
    )
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; media-src 'self'"
    return response


@require_POST
@role_required(*TEAM_ROLES)
def publication_create(request, pk: int):
    piece = _piece_or_404(request, pk)
    form = PublicationForm(request.POST, piece=piece)
    if not form.is_valid():
        form_error_messages(request, form)
    else:
        try:
            workflow.publication_record(piece_id=piece.pk, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc)
        else:
            messages.success(request, _("Publication recorded."))
    return redirect("comunicaciones:piece-detail", pk=piece.pk)


@require_POST
@role_required(*TEAM_ROLES)
def piece_reschedule(request, pk: int):
    """Move a piece to another day (the calendar's drag and drop posts here)."""
    piece = _piece_or_404(request, pk)
    form = RescheduleForm(request.POST)
    status = 200
    if not form.is_valid():
        message, status = _("Choose a valid date."), 400
    else:
        try:
            workflow.piece_reschedule(
                piece_id=piece.pk, actor=request.user, planned_date=form.cleaned_data["planned_date"]
            )
            message = _("“%(title)s” moved to %(date)s.") % {
                "title": piece.title,
                "date": form.cleaned_data["planned_date"].strftime("%d/%m/%Y"),
            }
        except ValidationError as exc:
            message, status = error_text(exc), 400
    if request.htmx:
        return HttpResponse(message, status=status)
    (messages.success if status == 200 else messages.error)(request, message)
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("comunicaciones:piece-detail", args=[piece.pk])
    return redirect(back)
