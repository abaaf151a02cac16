"""Helpers every electoral view uses: scoped lookups, role flags, the column-mapping step."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from core.views.helpers import service_error
from electoral.models import Election
from electoral.roles import DECIDERS, OPERATORS


def election_for(request, pk: int) -> Election:
    """The election if it is in the user's scope, 404 otherwise."""
    return get_object_or_404(Election.objects.visible_to(request.user).select_related("territory", "root_unit"), pk=pk)


def can(user, roles) -> bool:
    return user.has_role(*roles)


def role_flags(user) -> dict:
    return {"can_operate": can(user, OPERATORS), "can_decide": can(user, DECIDERS)}


def column_mapping_page(request, item, *, fields, required, confirm, done_url, template_context):
    """The mapping step of an electoral import: one select per field, the file's first rows beside.

    `confirm(mapping)` is the service that records the columns and starts the import; `required`
    lists the groups of fields one of which must have a column (marked on the page).
    """
    from django.shortcuts import redirect, render

    from core.tabular.mapping import ColumnMappingForm, column_letter
    from electoral.services.import_columns import KEY_PART_NAMES, example_key

    if item.status != item.Status.MAPPING:
        return redirect(done_url)
    form = ColumnMappingForm(
        request.POST or None, fields=fields, headers=item.headers, initial_mapping=item.columns, sample=item.sample
    )
    if request.method == "POST" and form.is_valid():
        try:
            confirm(form.mapping())
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            return redirect(done_url)
    cleaned = getattr(form, "cleaned_data", None)
    chosen = {k: v for k, v in cleaned.items() if v not in ("", None)} if cleaned is not None else item.columns
    # The first of each group is marked; its help text names the alternatives (the key's parts…).
    marked = {group[0] for group in required}
    rows = [(field, field.name in marked) for field in form if field.name not in KEY_PART_NAMES]
    return render(
        request,
        "electoral/import_columns.html",
        {
            "item": item,
            "form": form,
            "main_fields": rows,
            "part_fields": [field for field in form if field.name in KEY_PART_NAMES],
            "parts_open": any(name in KEY_PART_NAMES for name in chosen) or any(form[n].errors for n in KEY_PART_NAMES),
            "columns": [(column_letter(index), header) for index, header in enumerate(item.headers)],
            "unused": [
                f"{column_letter(index)}: {header}"
                for index, header in enumerate(item.headers)
                if header and index not in {i for v in chosen.values() for i in (v if isinstance(v, list) else [v])}
            ],
            "example_key": example_key(
                columns={k: int(v) for k, v in chosen.items() if k in KEY_PART_NAMES}, row=item.sample[0]
            )
            if item.sample
            else "",
            **template_context,
        },
    )
