from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carnets import services
from carnets.forms import JornadaForm, LookupForm, RegistrationForm
from carnets.models import Card, Jornada, JornadaRegistration, Printer
from carnets.rendering import render_card_queryset
from carnets.roles import CARD_READERS, CARD_WORKERS
from carnets.selectors import jornada_list
from carnets.services.jornadas import check_captures, consent_errors, to_data_url
from carnets.views.id_scan import carried_scan
from core.middleware import allow_devices
from core.views.files import file_response
from core.views.helpers import (
    audit_download,
    call_service,
    page_without_count,
    pdf_response,
    role_required,
    service_error,
)
from core.views.search import search_data, search_redirect
from militancia.identity import InvalidIdNumber, normalize_id_number
from militancia.models import Member

LEGAL_TEXT = _(
    "In accordance with Ley 1581 de 2012 and Decreto 1377 de 2013, I authorize the party to collect, store, use "
    "and process my personal data, including sensitive data such as my political affiliation, photo, signature and "
    "fingerprint, to manage my membership, issue my membership card and contact me about party activities. I know "
    "my rights to know, update, correct and delete my data and to withdraw this authorization, through the party's "
    "attention channels."
)


@role_required(*CARD_READERS)
def jornada_index(request):
    page = page_without_count(jornada_list(user=request.user), request.GET.get("page"), 30)
    return render(
        request, "carnets/jornada_list.html", {"page": page, "can_work": request.user.has_role(*CARD_WORKERS)}
    )


def _jornada(request, pk):
    return get_object_or_404(jornada_list(user=request.user), pk=pk)


@role_required(*CARD_WORKERS)
def jornada_edit(request, pk: int | None = None):
    jornada = _jornada(request, pk) if pk else Jornada()
    form = JornadaForm(request.POST or None, instance=jornada, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            jornada = services.jornada_save(
                jornada=form.save(commit=False), team=form.cleaned_data["team"], actor=request.user
            )
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Registration drive saved."))
            return redirect("carnets:jornada-detail", jornada.pk)
    return render(
        request,
        "carnets/simple_form.html",
        {
            "form": form,
            "title": _("Edit registration drive") if pk else _("New registration drive"),
            "back": "carnets:jornada-list",
        },
    )


@role_required(*CARD_READERS)
def jornada_detail(request, pk: int):
    jornada = _jornada(request, pk)
    stats = services.jornada_stats(jornada=jornada)
    recent = jornada.registrations.select_related("member", "card", "created_by")[:20]
    return render(
        request,
        "carnets/jornada_detail.html",
        {
            "jornada": jornada,
            "stats": stats,
            "recent": recent,
            "team": jornada.team.all(),
            "chart": {
                "labels": [r["hour"] for r in stats["by_hour"]],
                "registered": [r["registered"] for r in stats["by_hour"]],
                "printed": [r["printed"] for r in stats["by_hour"]],
                "delivered": [r["delivered"] for r in stats["by_hour"]],
            },
            "can_work": request.user.has_role(*CARD_WORKERS),
            "kit_mode": settings.KIT_MODE,
        },
    )


def _member_initial(member: Member) -> dict:
    return {
        "member": member.pk,
        "id_type": member.id_type,
        "id_number": member.id_number,
        "first_names": member.first_names,
        "last_names": member.last_names,
        "birth_date": member.birth_date,
        "sex": member.sex,
        "phone": member.phone,
        "email": member.email,
        "address": member.address,
        "territory": member.territory_id,
    }


@allow_devices(camera="self")
@role_required(*CARD_WORKERS)
def jornada_register(request, pk: int):
    """The table page: ID number first; an existing member's record is shown to update."""
    jornada = _jornada(request, pk)
    if not jornada.is_open:
        messages.error(request, _("The registration drive is closed."))
        return redirect("carnets:jornada-detail", jornada.pk)
    kit = services.kit_state(request=request) if settings.KIT_MODE else None
    # On a drive kit, the consent text the package brought from headquarters.
    context = {"jornada": jornada, "legal_text": kit.legal_text if kit and kit.legal_text else LEGAL_TEXT}
    # The lookup posts and the page shows `?s=<token>`: the number never goes in the address.
    search = f"carnets.jornada:{jornada.pk}"
    if request.method == "POST" and "lookup" in request.POST:
        return search_redirect(request, list_name=search)
    if request.method == "POST":
        return _register_post(request, jornada, context)

    looked_up = search_data(request, list_name=search, private=("id_number",))
    lookup = LookupForm(looked_up or None)
    context.update(lookup=lookup, looking_up=True)
    if lookup.is_bound and lookup.is_valid():
        id_type = lookup.cleaned_data["id_type"]
        try:
            number = normalize_id_number(id_type, lookup.cleaned_data["id_number"])
        except InvalidIdNumber as exc:
            lookup.add_error("id_number", str(exc))
            return render(request, "carnets/jornada_register.html", context)
        # Only members the user may see: one held elsewhere looks like a new person here, and the
        # registration service sends it to national review without saying whose it is.
        existing = Member.objects.visible_to(request.user).filter(id_type=id_type, id_number=number).first()
        if existing is not None:
            initial = _member_initial(existing)
        else:
            initial = {"id_type": id_type, "id_number": number}
            municipalities = RegistrationForm(jornada=jornada, user=request.user).fields["territory"].queryset
            if municipalities.count() == 1 or jornada.territory.kind in ("municipality", "locality"):
                initial["territory"] = (
                    jornada.territory_id
                    if municipalities.filter(pk=jornada.territory_id).exists()
                    else municipalities.first().pk
                    if municipalities.exists()
                    else None
                )
        form = RegistrationForm(initial=initial, jornada=jornada, user=request.user, member=existing)
        form.fields["first_names"].widget.attrs["autofocus"] = True
        scan = carried_scan(looked_up.get("scan", ""))
        context.update(
            # A cédula scanned at the lookup: the page fills the empty fields and shows the differences.
            scan=scan if scan.get("id_number") == number and scan.get("id_type") == id_type else {},
            form=form,
            member=existing,
            looking_up=False,
            cards=existing.cards.order_by("-version")[:3] if existing else [],
        )
    return render(request, "carnets/jornada_register.html", context)


def _posted_member(request) -> Member | None:
    """The member being updated (the form's hidden field), resolved within the user's scope."""
    raw = request.POST.get("member", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(Member.objects.visible_to(request.user), pk=int(raw))


def _register_post(request, jornada, context):
    member = _posted_member(request)
    form = RegistrationForm(request.POST, request.FILES, jornada=jornada, user=request.user, member=member)
    captures = {
        "photo": request.FILES.get("photo"),
        "photo_data": request.POST.get("photo_data", ""),
        "signature_data": request.POST.get("signature", ""),
        "fingerprint": request.FILES.get("fingerprint"),
        "fingerprint_data": request.POST.get("fingerprint_data", ""),
    }
    if form.is_valid():
        try:
            registration = services.jornada_register(
                jornada=jornada,
                actor=request.user,
                data=form.member_data(),
                member=member,
                consent=form.cleaned_data["consent"],
                **captures,
            )
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            return redirect("carnets:jornada-registered", jornada.pk, registration.pk)
    # Keep every capture that was good, so the person signs and scans once; report the rest now.
    images, capture_errors = check_captures(**captures)
    for field, errors in capture_errors.items():
        if not form.has_error(field):
            form.add_error(field, errors)
    if not form.has_error("signature") and not form.has_error("consent"):
        for field, errors in consent_errors(
            consent=bool(request.POST.get("consent")), has_signature="signature" in images, member=member
        ).items():
            form.add_error(field, errors)
    kept = {
        "signature": to_data_url(content=images["signature"]) if "signature" in images else "",
        "photo_data": to_data_url(content=images["photo"]) if "photo" in images else "",
        "fingerprint_data": to_data_url(content=images["fingerprint"]) if "fingerprint" in images else "",
    }
    form.data = form.data.copy()
    for name, value in kept.items():
        form.data[name] = value
    context.update(form=form, member=member, looking_up=False, kept=kept)
    response = render(request, "carnets/jornada_register.html", context, status=400)
    response["Cache-Control"] = "no-store"  # the page carries the person's signature and fingerprint
    return response


def _registration(request, pk: int, registration_pk: int):
    jornada = _jornada(request, pk)
    registration = get_object_or_404(
        JornadaRegistration.objects.select_related("member", "card", "jornada__printer"),
        pk=registration_pk,
        jornada=jornada,
    )
    return jornada, registration


def _stage(card, registration) -> dict[str, bool]:
    """What the table does next with the person's card, as the page's one flag (`stage.print`):
    `print` it, `handover`, `delivered` (done), or `already` (they held a card: keep it or reprint
    it as a new version); no flag when there is nothing to do."""
    if card is None:
        return {}
    if card.status == Card.Status.PENDING:
        return {"print": True}
    since = registration.created_at
    if card.status == Card.Status.PRINTED and card.printed_at and card.printed_at >= since:
        return {"handover": True}
    if card.status == Card.Status.DELIVERED and card.delivered_at and card.delivered_at >= since:
        return {"delivered": True}
    if card.status in (Card.Status.PRINTED, Card.Status.DELIVERED):
        return {"already": True}
    return {}


@role_required(*CARD_WORKERS)
def jornada_registered(request, pk: int, registration_pk: int):
    jornada, registration = _registration(request, pk, registration_pk)
    card = registration.card
    return render(
        request,
        "carnets/jornada_registered.html",
        {
            "jornada": jornada,
            "registration": registration,
            "card": card,
            "stage": _stage(card, registration),
            "can_deliver": card is not None and card.status == Card.Status.PRINTED,
            "printers": Printer.objects.exclude(status=Printer.Status.RETIRED)
            if card and card.status == Card.Status.PENDING and not jornada.printer_id
            else [],
        },
    )


@role_required(*CARD_WORKERS)
@require_POST
def jornada_print(request, pk: int, registration_pk: int):
    """Print the card at the table: the card becomes printed (stock taken) and its PDF opens.
    The PDF of a drive's card is only ever produced by this tracked step."""
    jornada, registration = _registration(request, pk, registration_pk)
    printer = None
    if request.POST.get("printer", "").isdigit():
        printer = Printer.objects.exclude(status=Printer.Status.RETIRED).filter(pk=request.POST["printer"]).first()
    try:
        card = services.jornada_card_print(registration=registration, actor=request.user, printer=printer)
    except ValidationError as exc:
        service_error(request, exc)
        return redirect("carnets:jornada-registered", jornada.pk, registration.pk)
    data = render_card_queryset(Card.objects.filter(pk=card.pk), layout="cr80", title=card.number)
    audit_download(request, card, _("Card PDF printed at drive #%(id)s") % {"id": jornada.pk})
    return pdf_response(data, filename=f"carnet-{card.number}.pdf", inline=True)


@role_required(*CARD_WORKERS)
@require_POST
def jornada_card_step(request, pk: int, registration_pk: int, action: str):
    """At the table: hand the printed card over, report a failed print, or reprint (new version)."""
    jornada, registration = _registration(request, pk, registration_pk)
    card = registration.card
    if card is None:
        raise Http404
    try:
        if action == "entregar":
            services.card_deliver(
                card=card, actor=request.user, delivered_to=registration.member.full_name, place=jornada.place
            )
            messages.success(request, _("Delivery recorded."))
        elif action == "fallo":
            services.card_print_failed(card=card, actor=request.user)
            messages.success(request, _("The card is pending again: print it once more."))
        elif action == "reimprimir":
            new = services.jornada_card_reprint(
                registration=registration, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(
                request, _("Card %(number)s issued as a reprint (pending printing).") % {"number": new.number}
            )
        else:
            raise Http404
    except ValidationError as exc:
        service_error(request, exc)
    return redirect("carnets:jornada-registered", jornada.pk, registration.pk)


@role_required(*CARD_WORKERS)
@require_POST
def jornada_close(request, pk: int):
    jornada = _jornada(request, pk)
    call_service(
        request,
        lambda: services.jornada_close(jornada=jornada, actor=request.user),
        success=_("The drive is closed; its summary PDF is ready."),
    )
    return redirect("carnets:jornada-detail", jornada.pk)


@role_required(*CARD_READERS)
def jornada_summary(request, pk: int):
    jornada = _jornada(request, pk)
    if not jornada.summary_pdf:
        raise Http404
    audit_download(request, jornada, _("Drive summary PDF"))
    return file_response(
        jornada.summary_pdf, f"jornada-{jornada.pk}-resumen.pdf", as_attachment=True, content_type="application/pdf"
    )
