"""The electoral geography: drill-down browser and the catastro import."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.jobs import job_create, job_enqueue
from core.views.files import file_response
from core.views.helpers import page_without_count, role_required
from electoral.forms import ImportForm
from electoral.models import ElectoralUnit, GeographyImport
from electoral.roles import DECIDERS, READERS
from electoral.services.geography import GEO_REQUIRED, geography_column_fields, geography_columns_set
from electoral.tasks import import_geography
from electoral.views.common import column_mapping_page, role_flags


@role_required(*READERS)
def unit_list(request):
    units = ElectoralUnit.objects.visible_to(request.user)
    parent = None
    if request.GET.get("parent"):
        parent = get_object_or_404(units, pk=request.GET["parent"])
        children = units.filter(parent=parent)
    else:
        q = request.GET.get("q", "").strip()
        children = units.filter(code=q) if q else units.filter(parent__isnull=True)
    children = children.select_related("territory").annotate(n_children=Count("children")).order_by("code")
    page = page_without_count(children, request.GET.get("page"), 100)
    ancestors = []
    if parent:
        ids = parent.ancestor_ids()[:-1]
        by_id = {u.pk: u for u in ElectoralUnit.objects.filter(pk__in=ids)}
        ancestors = [by_id[i] for i in ids if i in by_id]
    imports = GeographyImport.objects.visible_to(request.user).select_related("job")[:5]
    return render(
        request,
        "electoral/unit_list.html",
        {"page": page, "parent": parent, "ancestors": ancestors, "imports": imports, **role_flags(request.user)},
    )


@role_required(*DECIDERS)
def geography_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            job = job_create(kind="electoral.geography_import", user=request.user)
            item = GeographyImport.objects.create(
                file=upload, original_name=upload.name[:255], job=job, created_by=request.user, ask_columns=True
            )
            job_enqueue(job=job, task=import_geography, args=(item.pk,))
        return redirect("electoral:geography-import-detail", item.pk)
    return render(request, "electoral/geography_import.html", {"form": form})


@role_required(*READERS)
def geography_import_detail(request, import_id: int):
    item = get_object_or_404(GeographyImport.objects.visible_to(request.user).select_related("job"), pk=import_id)
    if item.status == GeographyImport.Status.MAPPING and request.user.has_role(*DECIDERS):
        return redirect("electoral:geography-import-columns", item.pk)
    if request.GET.get("report") == "1":
        if not item.error_report:
            raise Http404
        return file_response(item.error_report, f"errores-geografia-{item.pk}.xlsx", as_attachment=True)
    return render(request, "electoral/geography_import_detail.html", {"item": item})


@role_required(*DECIDERS)
def geography_import_columns(request, import_id: int):
    item = get_object_or_404(GeographyImport.objects.visible_to(request.user), pk=import_id)
    return column_mapping_page(
        request,
        item,
        fields=geography_column_fields(),
        required=GEO_REQUIRED,
        confirm=lambda mapping: geography_columns_set(geo_import=item, mapping=mapping, actor=request.user),
        done_url=reverse("electoral:geography-import-detail", args=[item.pk]),
        template_context={
            "title": _("Columns of the geography file"),
            "back_url": reverse("electoral:unit-list"),
            "back_label": _("Electoral geography"),
            "explanation": _(
                "Choose which column of the file holds each field. A field left as “not in the file”, "
                "or an empty cell, keeps what is already stored (new units get 0 registered voters)."
            ),
        },
    )
