"""Results: ballot, official file import, double entry of tally sheets, and the analysis with its export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.jobs import job_create, job_enqueue
from core.models import AuditEvent
from core.tabular import workbook_bytes
from core.views.files import file_response
from core.views.helpers import XLSX_CONTENT_TYPE, download_response, require_role, role_required, service_error
from electoral import selectors
from electoral.forms import BallotOptionForm, ImportForm
from electoral.models import BallotOption, Election, ElectoralUnit, ResultImport, TableResult, TallyCapture
from electoral.roles import DECIDERS, OPERATORS, READERS
from electoral.services import results as services
from electoral.services.results_import import RESULT_REQUIRED, result_column_fields, result_columns_set
from electoral.tasks import import_results
from electoral.views.common import column_mapping_page, election_for, role_flags


@role_required(*READERS)
def results_home(request, pk: int):
    election = election_for(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require_role(request, *DECIDERS)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            with transaction.atomic():
                job = job_create(kind="electoral.results_import", user=request.user)
                result_import = ResultImport.objects.create(
                    election=election,
                    file=upload,
                    original_name=upload.name[:255],
                    job=job,
                    created_by=request.user,
                    ask_columns=True,
                )
                job_enqueue(job=job, task=import_results, args=(result_import.pk,))
            return redirect("electoral:result-import", pk, result_import.pk)
    imports = ResultImport.objects.visible_to(request.user).filter(election=election).select_related("job")[:10]
    captures = TallyCapture.objects.visible_to(request.user).filter(
        election=election, status=TallyCapture.Status.MISMATCH
    )
    reported = TableResult.objects.visible_to(request.user).filter(election=election).count()
    return render(
        request,
        "electoral/results_home.html",
        {
            "election": election,
            "form": form,
            "imports": imports,
            "mismatches": captures.select_related("table")[:50],
            "reported": reported,
            **role_flags(request.user),
        },
    )


@role_required(*READERS)
def result_import(request, pk: int, import_id: int):
    election = election_for(request, pk)
    item = get_object_or_404(
        ResultImport.objects.visible_to(request.user).filter(election=election).select_related("job"), pk=import_id
    )
    if item.status == ResultImport.Status.MAPPING and request.user.has_role(*DECIDERS):
        return redirect("electoral:result-import-columns", pk, item.pk)
    if request.GET.get("report") == "1":
        if not item.error_report:
            raise Http404
        return file_response(item.error_report, f"errores-resultados-{item.pk}.xlsx", as_attachment=True)
    return render(request, "electoral/result_import.html", {"election": election, "item": item})


@role_required(*DECIDERS)
def result_import_columns(request, pk: int, import_id: int):
    election = election_for(request, pk)
    item = get_object_or_404(ResultImport.objects.visible_to(request.user).filter(election=election), pk=import_id)
    return column_mapping_page(
        request,
        item,
        fields=result_column_fields(),
        required=RESULT_REQUIRED,
        confirm=lambda mapping: result_columns_set(result_import=item, mapping=mapping, actor=request.user),
        done_url=reverse("electoral:result-import", args=[pk, item.pk]),
        template_context={
            "election": election,
            "title": _("Columns of the results file"),
            "back_url": reverse("electoral:results", args=[pk]),
            "back_label": _("Results"),
            "explanation": _(
                "Choose which column of the file holds each field: one row per table and option "
                "(party, candidate, blank, null or unmarked votes)."
            ),
        },
    )


@role_required(*READERS)
def ballot(request, pk: int):
    election = election_for(request, pk)
    options = BallotOption.objects.filter(election=election)
    edit = None
    if request.GET.get("edit"):
        edit = get_object_or_404(options, pk=request.GET["edit"])
    form = BallotOptionForm(request.POST or None, instance=edit)
    if request.method == "POST":
        require_role(request, *DECIDERS)
        if form.is_valid():
            try:
                services.ballot_option_save(
                    actor=request.user,
                    election=election,
                    option=edit,
                    **{k: form.cleaned_data[k] for k in ("code", "name", "kind", "party", "is_own")},
                )
            except ValidationError as exc:
                service_error(request, exc, form)
            else:
                messages.success(request, _("Ballot option saved."))
                return redirect("electoral:ballot", pk)
    return render(
        request,
        "electoral/ballot.html",
        {
            "election": election,
            "options": options,
            "form": form,
            "edit": edit,
            "totals_job": services.totals_job_pending(election=election),
            **role_flags(request.user),
        },
    )


@role_required(*OPERATORS)
def tally_entry(request, pk: int):
    """Type a table's tally sheet from its photo (first or second entry, or the third user's decision)."""
    election = election_for(request, pk)
    options = list(BallotOption.objects.filter(election=election).order_by("kind", "code"))
    code = (request.POST.get("table_code") or request.GET.get("table") or "").strip()
    table = (
        ElectoralUnit.objects.visible_to(request.user).filter(code=code, kind__in=ElectoralUnit.TABLE_KINDS).first()
        if code
        else None
    )
    capture = TallyCapture.objects.filter(election=election, table=table).first() if table else None
    values = {}
    if request.method == "POST":
        values = {str(o.pk): request.POST.get(f"option_{o.pk}", "") for o in options}
        if table is None:
            messages.error(request, _("The table “%(code)s” does not exist or is outside your scope.") % {"code": code})
        else:
            deciding = capture is not None and capture.status == TallyCapture.Status.MISMATCH
            try:
                if deciding:
                    capture = services.tally_decide(actor=request.user, capture=capture, values=values)
                else:
                    capture = services.tally_entry_submit(
                        actor=request.user,
                        election=election,
                        table=table,
                        values=values,
                        photo=request.FILES.get("photo"),
                    )
            except ValidationError as exc:
                service_error(request, exc)
            else:
                messages.success(
                    request,
                    _("Mismatch decided: the table's result is saved with the figures you typed.")
                    if deciding
                    else {
                        TallyCapture.Status.AWAITING_SECOND: _("First entry saved: another user must type it again."),
                        TallyCapture.Status.MISMATCH: _("The two entries differ: a third user must decide."),
                        TallyCapture.Status.ACCEPTED: _("Both entries match: the table's result is saved."),
                    }[capture.status],
                )
                return redirect(f"{request.path}?table=")
    differences = set(capture.differences()) if capture and capture.status == TallyCapture.Status.MISMATCH else set()
    rows = [
        {
            "option": o,
            "value": values.get(str(o.pk), ""),
            "differs": str(o.pk) in differences,
            "first": capture.first_values.get(str(o.pk)) if differences else None,
            "second": capture.second_values.get(str(o.pk)) if differences else None,
        }
        for o in options
    ]
    return render(
        request,
        "electoral/tally_entry.html",
        {
            "election": election,
            "table": table,
            "code": code,
            "capture": capture,
            "rows": rows,
            # Whoever typed an entry neither types the second one nor decides a mismatch.
            "already_typed": capture is not None and request.user.pk in (capture.first_by_id, capture.second_by_id),
        },
    )


@role_required(*READERS)
def analysis(request, pk: int):
    # One query for the election and the "compare with" choices (the page must stay within ten queries).
    elections = list(Election.objects.visible_to(request.user).select_related("territory").order_by("-date", "name"))
    election = next((e for e in elections if e.pk == pk), None)
    if election is None:
        raise Http404
    compare_id = request.GET.get("compare", "")
    compare = next((e for e in elections if str(e.pk) == compare_id and e.pk != pk), None)
    unit_id = request.GET.get("unit", "")
    try:
        unit, children = selectors.analysis_units(
            request.user, election, int(unit_id) if unit_id.isdigit() else None, compare
        )
    except ElectoralUnit.DoesNotExist as exc:
        raise Http404 from exc
    result = selectors.analysis(request.user, election, unit, compare, children=children)
    if request.GET.get("export") == "xlsx":
        return _export(request, election, unit, result)
    top_options = result["options"][:8]
    rows = result["rows"][:40]
    chart = {
        "labels": [r["unit"].name for r in rows],
        "turnout": [round(100 * r["turnout"], 1) for r in rows],
        "own_share": [round(100 * r["own_share"], 1) for r in rows],
        "previous_share": [
            round(100 * r["previous_share"], 1) if r["previous_share"] is not None else None for r in rows
        ],
        "parties": [o.name for o in top_options],
        "party_votes": [result["party_totals"].get(o.pk, 0) for o in top_options],
        "members": [r["members"] for r in rows],
        "own_votes": [r["own_votes"] for r in rows],
        "text": {
            "turnout": _("Turnout %"),
            "own_share": _("Our share %"),
            "previous": _("Previous share %"),
            "votes": _("Votes"),
            "units": _("Units"),
            "members": _("Active members"),
            "own_votes": _("Our votes"),
        },
    }
    return render(
        request,
        "electoral/analysis.html",
        {
            "election": election,
            "unit": unit,
            "compare": compare,
            "compare_choices": [e for e in elections if e.pk != pk],
            "result": result,
            "chart": chart,
            "top_options": top_options,
            "ranking": result["ranking"][:15],
        },
    )


def _export(request, election, unit, result):
    header = [
        _("Unit"),
        _("Code"),
        _("Registered voters"),
        _("Votes cast"),
        _("Turnout %"),
        _("Our votes"),
        _("Our share %"),
        _("Previous share %"),
        _("Change (points)"),
        _("Potential (votes)"),
        _("Active members"),
        *[o.name for o in result["options"]],
    ]
    rows = [
        [
            r["unit"].name,
            r["unit"].code,
            r["registered"],
            r["total"],
            round(100 * r["turnout"], 2),
            r["own_votes"],
            round(100 * r["own_share"], 2),
            round(100 * r["previous_share"], 2) if r["previous_share"] is not None else "",
            round(100 * r["change"], 2) if r["change"] is not None else "",
            r["potential"],
            r["members"] if r["members"] is not None else "",
            *[r["options"].get(o.pk, 0) for o in result["options"]],
        ]
        for r in result["rows"]
    ]
    # Members of a territory shared by several units: one line each, counted once.
    for shared in result["shared_members"]:
        label = _("%(territory)s: active members shared by %(units)s units") % {
            "territory": shared["territory"].name,
            "units": shared["units"],
        }
        rows.append([label, shared["territory"].code, *[""] * 8, shared["members"], *[""] * len(result["options"])])
    audit_record(actor=request.user, action=AuditEvent.Action.EXPORT, obj=election, message=_("Electoral analysis"))
    return download_response(
        workbook_bytes("Análisis", header, rows),
        filename=f"analisis-{election.pk}-{unit.pk if unit else 'raiz'}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
