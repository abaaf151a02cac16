from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carnets import services
from carnets.forms import JornadaForm, LookupForm, RegistrationForm
from carnets.models import Jornada, JornadaRegistration
from carnets.roles import CARD_READERS, CARD_WORKERS
from carnets.selectors import jornada_list
from carnets.views.common import audit_download, error_messages, require
from core.views.files import file_response
from militancia.identity import InvalidIdNumber, normalize_id_number
from militancia.models import Member

LEGAL_TEXT = _(
    "In accordance with Ley 1581 de 2012 and Decreto 1377 de 2013, I authorize the party to collect, store, use "
    "and process my personal data, including sensitive data such as my political affiliation, photo, signature and "
    "fingerprint, to manage my membership, issue my membership card and contact me about party activities. I know "
    "my rights to know, update, correct and delete my data and to withdraw this authorization, through the party's "
    "attention channels."
)


@login_required
def jornada_index(request):
    require(request, CARD_READERS)
    page = Paginator(jornada_list(user=request.user), 30).get_page(request.GET.get("page"))
    return render(
        request, "carnets/jornada_list.html", {"page": page, "can_work": request.user.has_role(*CARD_WORKERS)}
    )


def _jornada(request, pk):
    return get_object_or_404(jornada_list(user=request.user), pk=pk)


@login_required
def jornada_edit(request, pk: int | None = None):
    require(request, CARD_WORKERS)
    jornada = _jornada(request, pk) if pk else Jornada()
    form = JornadaForm(request.POST or None, instance=jornada, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            jornada = services.jornada_save(
                jornada=form.save(commit=False), team=form.cleaned_data["team"], actor=request.user
            )
        except ValidationError as exc:
            error_messages(request, exc, form)
        else:
            messages.success(request, _("Registration drive saved."))
            return redirect("jornada-detail", jornada.pk)
    return render(
        request,
        "carnets/simple_form.html",
        {
            "form": form,
            "title": _("Edit registration drive") if pk else _("New registration drive"),
            "back": "jornada-list",
        },
    )


@login_required
def jornada_detail(request, pk: int):
    require(request, CARD_READERS)
    jornada = _jornada(request, pk)
    stats = services.jornada_stats(jornada)
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


@login_required
def jornada_register(request, pk: int):
    """The table page: ID number first; an existing member's record is shown to update."""
    require(request, CARD_WORKERS)
    jornada = _jornada(request, pk)
    if not jornada.is_open:
        messages.error(request, _("The registration drive is closed."))
        return redirect("jornada-detail", jornada.pk)
    context = {"jornada": jornada, "legal_text": LEGAL_TEXT}
    if request.method == "POST":
        form = RegistrationForm(request.POST, request.FILES, jornada=jornada, user=request.user)
        member = None
        if form.is_valid():
            if form.cleaned_data.get("member"):
                member = Member.objects.visible_to(request.user).filter(pk=form.cleaned_data["member"]).first()
                if member is None:
                    raise Http404
            try:
                registration = services.jornada_register(
                    jornada=jornada,
                    actor=request.user,
                    data=form.member_data(),
                    member=member,
                    consent=form.cleaned_data["consent"],
                    photo=form.cleaned_data.get("photo"),
                    signature_data=form.cleaned_data.get("signature", ""),
                    fingerprint=form.cleaned_data.get("fingerprint"),
                )
            except ValidationError as exc:
                error_messages(request, exc, form)
            else:
                return redirect("jornada-registered", jornada.pk, registration.pk)
        context.update(form=form, member=member, step="form")
        return render(request, "carnets/jornada_register.html", context, status=400 if form.errors else 200)

    lookup = LookupForm(request.GET or None)
    context.update(lookup=lookup, step="lookup")
    if request.GET and lookup.is_valid():
        id_type = lookup.cleaned_data["id_type"]
        try:
            number = normalize_id_number(id_type, lookup.cleaned_data["id_number"])
        except InvalidIdNumber as exc:
            lookup.add_error("id_number", str(exc))
            return render(request, "carnets/jornada_register.html", context)
        existing = Member.objects.filter(id_type=id_type, id_number=number).first()
        if existing is not None and not Member.objects.visible_to(request.user).filter(pk=existing.pk).exists():
            lookup.add_error(
                "id_number",
                _(
                    "This document is registered outside your territorial scope; "
                    "ask the regional coordination to update it."
                ),
            )
            return render(request, "carnets/jornada_register.html", context)
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
        form = RegistrationForm(initial=initial, jornada=jornada, user=request.user)
        form.fields["first_names"].widget.attrs["autofocus"] = True
        context.update(
            form=form, member=existing, step="form", cards=existing.cards.order_by("-version")[:3] if existing else []
        )
    return render(request, "carnets/jornada_register.html", context)


@login_required
def jornada_registered(request, pk: int, registration_pk: int):
    require(request, CARD_WORKERS)
    jornada = _jornada(request, pk)
    registration = get_object_or_404(
        JornadaRegistration.objects.select_related("member", "card"), pk=registration_pk, jornada=jornada
    )
    return render(
        request,
        "carnets/jornada_registered.html",
        {"jornada": jornada, "registration": registration, "card": registration.card},
    )


@login_required
@require_POST
def jornada_close(request, pk: int):
    require(request, CARD_WORKERS)
    jornada = _jornada(request, pk)
    try:
        services.jornada_close(jornada=jornada, actor=request.user)
        messages.success(request, _("The drive is closed; its summary PDF is ready."))
    except ValidationError as exc:
        error_messages(request, exc)
    return redirect("jornada-detail", jornada.pk)


@login_required
def jornada_summary(request, pk: int):
    require(request, CARD_READERS)
    jornada = _jornada(request, pk)
    if not jornada.summary_pdf:
        raise Http404
    audit_download(request, jornada, _("Drive summary PDF"))
    return file_response(
        jornada.summary_pdf, f"jornada-{jornada.pk}-resumen.pdf", as_attachment=True, content_type="application/pdf"
    )
