"""Contacts: the list (search posted, reads audited), the form that stores a person only with
consent (a tally otherwise), the contact page, its edit, the export and "convertir en militante"."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from campaigns import services
from campaigns.forms import ContactEditForm, ContactForm, ContactSearchForm
from campaigns.models import Attempt, Contact, SupportLevel
from campaigns.roles import COORDINATORS
from campaigns.selectors import contacts_visible
from core.audit import audit_record
from core.models import AuditEvent
from core.tabular.report import safe_cell
from core.views.helpers import CSV_CONTENT_TYPE, download_response, page_without_count, role_required, service_error
from core.views.search import search_data, search_redirect
from militancia.models import Member

CONTACT_SEARCH = "campaigns.contacts"
EXPORT_CAP = 50_000


def _filtered(request):
    search = search_data(request, list_name=CONTACT_SEARCH)
    form = ContactSearchForm(search or None)
    contacts = contacts_visible(user=request.user).select_related("territory", "polling_place")
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            contacts = contacts.filter(Q(id_number=q) | Q(last_names__icontains=q) | Q(first_names__icontains=q))
        if form.cleaned_data["support_level"] is not None:
            contacts = contacts.filter(support_level=form.cleaned_data["support_level"])
        if form.cleaned_data["tag"]:
            contacts = contacts.filter(tags__contains=[form.cleaned_data["tag"].strip().lower()])
    return form, contacts


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def contact_list(request):
    if request.method == "POST":
        return search_redirect(request, list_name=CONTACT_SEARCH)
    form, contacts = _filtered(request)
    page = page_without_count(contacts, request.GET.get("page"), 50)
    if page.object_list:
        # One read event per page of people shown (Ley 1581: who saw whose data), ids only.
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.VIEW,
            changes={"contacts": [None, [c.pk for c in page.object_list]]},
            message=_("Contact list page"),
            message_is_personal=False,
        )
    return render(
        request,
        "campaigns/contact_list.html",
        {"form": form, "page": page, "token": request.GET.get("s", "")},
    )


@role_required(*COORDINATORS)
def contact_export(request):
    form, contacts = _filtered(request)
    rows = list(contacts.order_by("id")[:EXPORT_CAP])
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        changes={"contacts": [None, [c.pk for c in rows]]},
        message=_("Contacts export (%(n)s rows)") % {"n": len(rows)},
        message_is_personal=False,
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("First names"),
            _("Last names"),
            _("Document"),
            _("Phone"),
            _("Address"),
            _("Territory"),
            _("Polling place"),
            _("Support level"),
            _("Tags"),
            _("Consent channel"),
            _("Consent date"),
        ]
    )
    for c in rows:
        writer.writerow(
            [
                safe_cell(v)
                for v in (
                    c.first_names,
                    c.last_names,
                    c.id_number,
                    c.phone,
                    c.address,
                    c.territory.name,
                    c.polling_place.name if c.polling_place_id else "",
                    c.get_support_level_display(),
                    ", ".join(c.tags),
                    c.get_consent_channel_display(),
                    c.consent_date.isoformat(),
                )
            ]
        )
    return download_response(
        out.getvalue().encode("utf-8-sig"), filename="contactos.csv", content_type=CSV_CONTENT_TYPE
    )


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def contact_create(request):
    form = ContactForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if form.consented:
                contact = services.contact_create(actor=request.user, **form.contact_values())
            else:
                tally = services.tally_increment(
                    actor=request.user,
                    unit=form.tally_unit(),
                    support_level=form.cleaned_data["support_level"],
                )
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            if form.consented:
                messages.success(request, _("Contact saved."))
                return redirect("campaigns:contact-detail", pk=contact.pk)
            messages.success(
                request,
                _("Nothing personal was stored: the anonymous count of %(place)s is now %(n)s (%(level)s).")
                % {"place": tally.unit.name, "n": tally.count, "level": tally.get_support_level_display()},
            )
            return redirect("campaigns:contact-create")
    return render(request, "campaigns/contact_form.html", {"form": form})


def _contact(request, pk: int) -> Contact:
    return get_object_or_404(contacts_visible(user=request.user).select_related("territory", "polling_place"), pk=pk)


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def contact_detail(request, pk: int):
    contact = _contact(request, pk)
    form = ContactEditForm(
        request.POST or None,
        initial={
            "support_level": contact.support_level,
            "tags": ", ".join(contact.tags),
            "phone": contact.phone,
            "address": contact.address,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(actor=request.user, contact=contact, **form.values())
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("campaigns:contact-detail", pk=contact.pk)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=contact)
    # The member is shown only to someone who may see them (no oracle across territories).
    member = Member.objects.visible_to(request.user).filter(pk=contact.member_id).first() if contact.member_id else None
    attempts = list(
        Attempt.objects.filter(contact=contact)
        .select_related("volunteer", "walk_list__turf")
        .order_by("-recorded_at")[:20]
    )
    return render(
        request,
        "campaigns/contact_detail.html",
        {"contact": contact, "form": form, "member": member, "attempts": attempts, "levels": SupportLevel},
    )


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def contact_convert(request, pk: int):
    """The registry's own member form, prefilled from the contact; the registry's service registers."""
    from militancia.forms import MemberForm

    contact = _contact(request, pk)
    if contact.member_id:
        messages.info(request, _("This contact is already a member."))
        return redirect("campaigns:contact-detail", pk=contact.pk)
    territory = contact.territory if contact.territory.kind in ("municipality", "locality") else None
    initial = {
        "id_type": contact.id_type or "CC",
        "id_number": contact.id_number,
        "first_names": contact.first_names,
        "last_names": contact.last_names,
        "phone": contact.phone,
        "address": contact.address,
        "territory": territory.pk if territory else None,
    }
    form = MemberForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        registration = {
            name: d.get(name)
            for name in (
                "id_type",
                "id_number",
                "first_names",
                "last_names",
                "territory",
                "birth_date",
                "sex",
                "phone",
                "email",
                "address",
                "joined_on",
                "consent_date",
                "consent_channel",
                "consent_evidence",
                "consent_file",
                "photo",
            )
        }
        try:
            member = services.contact_convert(actor=request.user, contact=contact, registration=registration)
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(
                request, _("%(name)s is now a member and the contact is linked.") % {"name": member.full_name}
            )
            return redirect("militancia:member-detail", pk=member.pk)
    return render(request, "campaigns/contact_convert.html", {"form": form, "contact": contact})
