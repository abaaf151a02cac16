from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carnets import services
from carnets.exports import EXPORT_LIMIT, card_rows, card_xlsx
from carnets.forms import CardFilterForm, DeliverForm, ReasonForm
from carnets.models import Card, Printer
from carnets.rendering import render_card_queryset
from carnets.roles import CARD_READERS, CARD_WORKERS, STOCK_READERS
from carnets.selectors import card_list, member_cards
from core.audit import audit_record
from core.models import AuditEvent
from core.tabular import safe_cell
from core.views.helpers import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    audit_download,
    download_response,
    page_without_count,
    pdf_response,
    role_required,
    service_error,
)
from core.views.search import search_data, search_redirect

# The filter form posts: a member's ID number typed in the search box never goes in the address.
CARD_SEARCH = "carnets.cards"


@role_required(*CARD_READERS)
@require_http_methods(["GET", "POST"])
def card_register(request):
    if request.method == "POST":
        return search_redirect(request, list_name=CARD_SEARCH)
    form = CardFilterForm(search_data(request, list_name=CARD_SEARCH) or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    cards = card_list(user=request.user, filters=filters)
    page = page_without_count(cards, request.GET.get("page"), 50)
    return render(
        request,
        "carnets/card_list.html",
        {"form": form, "page": page, "can_work": request.user.has_role(*CARD_WORKERS)},
    )


@role_required(*CARD_READERS)
def card_export(request):
    """CSV or .xlsx (`?formato=xlsx`) of the filtered, scoped register; audited; cells that could be
    formulas neutralized."""
    form = CardFilterForm(search_data(request, list_name=CARD_SEARCH) or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    cards = card_list(user=request.user, filters=filters)[:EXPORT_LIMIT]
    # What was typed in the search box (a card number, an ID number, a name) stays out of the log.
    described = {k: "…" if k == "q" else str(v) for k, v in filters.items() if v}
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        obj=None,
        message=_("Card register export: %(filters)s") % {"filters": described},
    )

    stamp = f"carnets-{timezone.localdate():%Y%m%d}"
    if request.GET.get("formato") == "xlsx":
        return download_response(card_xlsx(cards), filename=f"{stamp}.xlsx", content_type=XLSX_CONTENT_TYPE)

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())

    def rows():
        yield "\ufeff"
        for row in card_rows(cards):
            yield writer.writerow([safe_cell(cell) for cell in row])

    return download_response(rows(), filename=f"{stamp}.csv", content_type=CSV_CONTENT_TYPE)


def _card(request, pk):
    return get_object_or_404(Card.objects.visible_to(request.user).select_related("member__territory", "design"), pk=pk)


@role_required(*CARD_READERS)
def card_detail(request, pk: int):
    card = _card(request, pk)
    cards = member_cards(member=card.member, user=request.user)
    current = next(c for c in cards if c.pk == card.pk)
    return render(
        request,
        "carnets/card_detail.html",
        {
            "card": current,
            "other_cards": [c for c in cards if c.pk != card.pk],
            "can_work": request.user.has_role(*CARD_WORKERS),
            # The batch page is for the card team and readers of stock; coordinators would get a 403.
            "can_see_batch": request.user.has_role(*STOCK_READERS),
            "deliver_form": DeliverForm(),
            "reason_form": ReasonForm(),
            "printers": Printer.objects.exclude(status=Printer.Status.RETIRED)
            if card.status == Card.Status.PENDING
            else [],
        },
    )


@role_required(*CARD_WORKERS)
@require_POST
def card_action(request, pk: int, action: str):
    card = _card(request, pk)
    try:
        if action == "entregar":
            form = DeliverForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say to whom and where the card was delivered."))
            services.card_deliver(
                card=card,
                actor=request.user,
                delivered_to=form.cleaned_data["delivered_to"],
                place=form.cleaned_data["place"],
            )
            messages.success(request, _("Delivery recorded."))
        elif action in ("perdido", "anular", "reimprimir"):
            reason = request.POST.get("reason", "")
            if action == "perdido":
                services.card_mark_lost(card=card, actor=request.user, note=reason)
                messages.success(request, _("The card is marked lost. You can reprint it."))
            elif action == "anular":
                services.card_revoke(card=card, actor=request.user, reason=reason)
                messages.success(request, _("The card was revoked."))
            else:
                new = services.card_reprint(card=card, actor=request.user, reason=reason)
                messages.success(
                    request, _("Card %(number)s issued as a reprint (pending printing).") % {"number": new.number}
                )
                return redirect("carnets:card-detail", new.pk)
        elif action == "impreso":
            printer = card.jornada.printer if card.jornada_id else None
            printer_id = request.POST.get("printer")
            if printer_id:
                printer = Printer.objects.filter(pk=printer_id).first()
            services.card_mark_printed(card=card, printer=printer, actor=request.user)
            messages.success(request, _("Card marked printed."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        service_error(request, exc)
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("carnets:card-detail", card.pk)


@role_required(*CARD_WORKERS)
def card_pdf(request, pk: int):
    """A pending card's PDF (CR80, front and back), printed and then marked printed on its page."""
    card = _card(request, pk)
    if card.status != Card.Status.PENDING:
        # A second copy of a printed card would be untracked: another print is a reprint (new version).
        messages.error(
            request,
            _("Card %(number)s is already “%(status)s”: to print it again, make a reprint (a new version).")
            % {"number": card.number, "status": card.get_status_display()},
        )
        return redirect("carnets:card-detail", card.pk)
    data = render_card_queryset(Card.objects.filter(pk=card.pk), layout="cr80", title=card.number)
    audit_download(request, card, _("Card PDF"))
    return pdf_response(data, filename=f"carnet-{card.number}.pdf", inline=request.GET.get("inline") == "1")
