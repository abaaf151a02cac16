"""The drive kit's pages: prepare and download a package (headquarters), receive a kit's sync
(headquarters, signed by the kit, no session), and the kit's own page (KIT_MODE)."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from carnets.forms import DrivePackageForm, PackagePassphraseForm
from carnets.kit.transport import SyncUnreachable, http_sender
from carnets.models import DrivePackage, KitSyncedRecord, KitSyncReport
from carnets.roles import CARD_READERS, CARD_WORKERS
from carnets.selectors import jornada_list
from carnets.services import kit as kit_services
from carnets.services import kit_sync
from carnets.services.kit_wipe import kit_wipe_by
from core.views.helpers import download_response, role_required, service_error, submit_form


def _jornada(request, pk):
    return get_object_or_404(jornada_list(user=request.user), pk=pk)


@role_required(*CARD_WORKERS)
def package_index(request, pk: int):
    """The drive's packages: prepare one (reserving card numbers), follow its build, download it."""
    if settings.KIT_MODE:
        raise Http404
    jornada = _jornada(request, pk)
    form = DrivePackageForm(request.POST or None)
    if request.method == "POST":
        package = submit_form(
            request,
            form,
            lambda data: kit_services.drive_package_start(
                jornada=jornada, actor=request.user, block_size=data["block_size"]
            ),
            success=_("The package is being prepared; card numbers were reserved for the drive."),
        )
        if package is not None:
            return redirect("carnets:jornada-packages", jornada.pk)
    packages = list(DrivePackage.objects.filter(jornada=jornada).select_related("job", "created_by"))
    outcomes = {
        (row["package"], row["outcome"]): row["n"]
        for row in KitSyncedRecord.objects.filter(package__in=packages)
        .values("package", "outcome")
        .annotate(n=Count("pk"))
    }
    for package in packages:
        package.synced_counts = [
            (label, outcomes.get((package.pk, value), 0)) for value, label in KitSyncedRecord.Outcome.choices
        ]
    return render(
        request,
        "carnets/kit_packages.html",
        {"jornada": jornada, "form": form, "packages": packages, "passphrase_form": PackagePassphraseForm()},
    )


@require_POST
@role_required(*CARD_WORKERS)
def package_download(request, pk: int, package_pk: int):
    if settings.KIT_MODE:
        raise Http404
    jornada = _jornada(request, pk)
    package = get_object_or_404(DrivePackage.objects.visible_to(request.user), pk=package_pk, jornada=jornada)
    form = PackagePassphraseForm(request.POST)
    if form.is_valid():
        try:
            data = kit_services.drive_package_download(
                package=package, passphrase=form.cleaned_data["passphrase"], actor=request.user
            )
        except ValidationError as exc:
            service_error(request, exc)
        else:
            return download_response(
                data, filename=f"jornada-{jornada.pk}.milkit", content_type="application/octet-stream"
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("carnets:jornada-packages", jornada.pk)


@csrf_exempt
@require_POST
def sync_receive(request):
    """A kit's chunk: authenticated by the kit key's signature (no session, no cookie)."""
    if settings.KIT_MODE:
        raise Http404
    body = request.body
    try:
        package = kit_sync.kit_package_for(body=body, signature=request.META.get(kit_sync.SIGNATURE_HEADER, ""))
    except kit_sync.SyncRefused:
        return HttpResponseForbidden(_("The sync is not signed by a drive kit.").encode())
    try:
        records = json.loads(body)["records"]
        if not isinstance(records, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest(_("The sync chunk could not be read.").encode())
    return JsonResponse({"results": kit_sync.kit_sync_import(package=package, records=records)})


def _kit_state_or_404():
    state = kit_services.kit_state()
    if state is None:
        raise Http404
    return state


@role_required(*CARD_READERS)
def kit_home(request):
    """The kit's page: the drive loaded, what is still to sync, and headquarters' answers."""
    state = _kit_state_or_404()
    answers = KitSyncReport.objects.all()
    counts = dict(answers.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    return render(
        request,
        "carnets/kit_home.html",
        {
            "state": state,
            "pending": kit_sync.kit_pending(state=state),
            "counts": [(label, counts.get(value, 0)) for value, label in KitSyncedRecord.Outcome.choices],
            "answers": answers.exclude(kind="audit")[:200],
            "central_url": settings.DRIVE_KIT_CENTRAL_URL,
            "can_work": request.user.has_role(*CARD_WORKERS),
        },
    )


@require_POST
@role_required(*CARD_WORKERS)
def kit_sync_now(request):
    _kit_state_or_404()
    if not settings.DRIVE_KIT_CENTRAL_URL:
        messages.error(request, _("The kit does not know headquarters' address (DRIVE_KIT_CENTRAL_URL)."))
        return redirect("carnets:kit-home")
    try:
        result = kit_sync.kit_sync_push(send=http_sender(settings.DRIVE_KIT_CENTRAL_URL))
    except SyncUnreachable as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        service_error(request, exc)
    else:
        messages.success(
            request,
            _(
                "Sync done: %(sent)s records sent, %(ok)s accepted, %(conflict)s to the conflict queue, %(bad)s rejected."
            )
            % {
                "sent": result["sent"],
                "ok": result[KitSyncedRecord.Outcome.ACCEPTED],
                "conflict": result[KitSyncedRecord.Outcome.CONFLICT],
                "bad": result[KitSyncedRecord.Outcome.REJECTED],
            },
        )
    return redirect("carnets:kit-home")


@require_POST
@role_required(*CARD_WORKERS)
def kit_wipe(request):
    """The wipe button (after a complete sync): the drive's name typed to confirm, audited."""
    _kit_state_or_404()
    try:
        result = kit_wipe_by(actor=request.user, confirmation=request.POST.get("confirm", ""))
    except ValidationError as exc:
        service_error(request, exc)
        return redirect("carnets:kit-home")
    # Every kit PIN is voided too, so this page now asks to sign in again.
    messages.success(
        request,
        _("Kit wiped: %(members)s members and %(files)s files erased.")
        % {"members": result["members"], "files": result["files"]},
    )
    return redirect("carnets:kit-home")
