from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carnets import services
from carnets.forms import BatchCardSearchForm, BatchForm, MarkPrintedForm
from carnets.models import PrintBatch
from carnets.roles import CARD_WORKERS, STOCK_READERS
from carnets.selectors import batch_cards, batch_list, jornada_members, roster_members
from carnets.services.stock import stock_needs
from core.models import AuditEvent, Territory
from core.views.files import file_response
from core.views.helpers import (
    call_service,
    form_error_messages,
    page_without_count,
    role_required,
    service_error,
)
from core.views.search import search_data, search_redirect
from militancia.models import Member
from militancia.services import members_read

BATCH_PAGE_SIZE = 100


@role_required(*STOCK_READERS)
def batch_index(request):
    page = page_without_count(batch_list(user=request.user), request.GET.get("page"), 30)
    return render(request, "carnets/batch_list.html", {"page": page, "can_work": request.user.has_role(*CARD_WORKERS)})


def _selection(form, user):
    """(members, detail, territory, jornada) for the batch form, scoped to the user."""
    data = form.cleaned_data
    members = Member.objects.visible_to(user)
    selection = data["selection"]
    if selection == PrintBatch.Selection.ROSTER:
        upload = data["roster"]
        return (
            members.filter(pk__in=roster_members(upload=upload).values("pk")),
            _("Roster upload #%(id)s") % {"id": upload.pk},
            getattr(upload, "territory", None),
            None,
        )
    if selection == PrintBatch.Selection.JORNADA:
        jornada = data["jornada"]
        return (
            members.filter(pk__in=jornada_members(jornada=jornada).values("pk")),
            str(jornada),
            jornada.territory,
            jornada,
        )
    territory = data.get("territory")
    detail = []
    if territory:
        members = members.filter(territory__in=Territory.objects.subtree([territory]).values("pk"))
        detail.append(territory.name)
    if data.get("joined_from"):
        members = members.filter(joined_on__gte=data["joined_from"])
        detail.append(_("from %(d)s") % {"d": data["joined_from"]})
    if data.get("joined_to"):
        members = members.filter(joined_on__lte=data["joined_to"])
        detail.append(_("until %(d)s") % {"d": data["joined_to"]})
    return members, ", ".join(detail) or _("All members in scope"), territory, None


@role_required(*CARD_WORKERS)
def batch_new(request):
    form = BatchForm(request.POST or None, user=request.user)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        members, detail, territory, jornada = _selection(form, request.user)
        preview = services.batch_preview(members=members)
        count = preview["pending"] + preview["new"]
        printer = form.cleaned_data.get("printer")
        context.update(
            preview=preview,
            count=count,
            detail=detail,
            shortages=services.stock_shortages(cards=count, printer=printer) if count else [],
            needs=stock_needs(cards=count, printer=printer),
        )
        if "confirm" in request.POST:
            try:
                batch = services.batch_create(
                    actor=request.user,
                    members=members,
                    name=form.cleaned_data["name"],
                    layout=form.cleaned_data["layout"],
                    selection=form.cleaned_data["selection"],
                    selection_detail=detail,
                    territory=territory,
                    jornada=jornada,
                    printer=printer,
                )
            except ValidationError as exc:
                service_error(request, exc)
                return render(request, "carnets/batch_form.html", context)
            messages.success(request, _("Batch created with %(n)s cards.") % {"n": batch.card_count})
            return redirect("carnets:batch-detail", batch.pk)
    return render(request, "carnets/batch_form.html", context)


def _batch(request, pk):
    return get_object_or_404(batch_list(user=request.user), pk=pk)


# The search inside a batch posts: an ID number typed in it never goes in the address.
BATCH_SEARCH = "carnets.batch"


@role_required(*STOCK_READERS)
@require_http_methods(["GET", "POST"])
def batch_detail(request, pk: int):
    batch = _batch(request, pk)
    list_name = f"{BATCH_SEARCH}:{batch.pk}"
    if request.method == "POST":
        return search_redirect(request, list_name=list_name)
    search = BatchCardSearchForm(search_data(request, list_name=list_name) or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    # Paged without COUNT(*) of the page's rows; the batch's own total is its stored card_count.
    page = page_without_count(batch_cards(batch=batch, q=q), request.GET.get("page"), BATCH_PAGE_SIZE)
    members_read(
        members=[card.member for card in page.object_list], actor=request.user, what=_("Print batch: cards page")
    )
    count = batch.cards.count()
    return render(
        request,
        "carnets/batch_detail.html",
        {
            "batch": batch,
            "page": page,
            "search": search,
            "q": q,
            "count": count,
            "shortages": services.stock_shortages(cards=count, printer=batch.printer)
            if batch.status in (PrintBatch.Status.CREATED, PrintBatch.Status.READY, PrintBatch.Status.FAILED) and count
            else [],
            "printed_form": MarkPrintedForm(initial={"printer": batch.printer}),
            "can_work": request.user.has_role(*CARD_WORKERS),
        },
    )


@role_required(*CARD_WORKERS)
@require_POST
def batch_render(request, pk: int):
    batch = _batch(request, pk)
    try:
        services.batch_render_start(batch=batch, actor=request.user)
    except ValidationError as exc:
        service_error(request, exc)
    return redirect("carnets:batch-detail", batch.pk)


@role_required(*CARD_WORKERS)
@require_POST
def batch_printed(request, pk: int):
    batch = _batch(request, pk)
    form = MarkPrintedForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect("carnets:batch-detail", batch.pk)
    try:
        batch = services.batch_mark_printed(
            batch=batch,
            actor=request.user,
            printer=form.cleaned_data["printer"],
            failed_numbers=form.cleaned_data["failed"],
        )
    except ValidationError as exc:
        service_error(request, exc)
    else:
        counts = {"ok": batch.printed_count, "failed": len(batch.failed_numbers)}
        messages.success(request, _("Batch marked printed: %(ok)s cards printed, %(failed)s back to pending.") % counts)
    return redirect("carnets:batch-detail", batch.pk)


@role_required(*CARD_WORKERS)
@require_POST
def batch_cancel(request, pk: int):
    batch = _batch(request, pk)
    call_service(
        request,
        lambda: services.batch_cancel(batch=batch, actor=request.user),
        success=_("Batch cancelled; its cards are pending again."),
    )
    return redirect("carnets:batch-detail", batch.pk)


@role_required(*CARD_WORKERS)
def batch_download(request, pk: int):
    batch = _batch(request, pk)
    if not batch.pdf:
        raise Http404
    # The members printed in it, recorded by the database in one INSERT … SELECT.
    members_read(
        members=Member.objects.filter(pk__in=batch.cards.values("member_id")),
        actor=request.user,
        what=_("Batch PDF (%(n)s cards)") % {"n": batch.card_count},
        action=AuditEvent.Action.DOWNLOAD,
        obj=batch,
    )
    return file_response(batch.pdf, f"lote-{batch.pk}.pdf", as_attachment=True, content_type="application/pdf")
