"""Card designs: national administrators edit them; a preview is rendered before saving."""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carnets import pdf, services
from carnets.models import CardDesign
from carnets.rendering import design_spec, labels, sample_spec
from carnets.roles import DESIGNERS
from core.views.helpers import role_required, service_error

IMAGES = ("logo", "front_background", "back_background")
SALT = "carnets.design-preview"


@role_required(*DESIGNERS)
def design_list(request):
    designs = CardDesign.objects.all()
    return render(request, "carnets/design_list.html", {"designs": designs})


def _fingerprint(form) -> str:
    values = [f"{name}={form.cleaned_data.get(name)}" for name in form.Meta.fields]
    return hashlib.sha256("|".join(values).encode()).hexdigest()


def preview_pngs(data: bytes) -> list[str]:
    """Front and back as PNG data URIs (poppler's pdftoppm); [] when it is not installed."""
    if not shutil.which("pdftoppm"):
        return []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "preview.pdf"
        source.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "2", str(source), str(Path(tmp) / "p")],
            check=True,
            timeout=20,
            capture_output=True,
        )
        pngs = sorted(Path(tmp).glob("p*.png"))
        return ["data:image/png;base64," + base64.b64encode(p.read_bytes()).decode() for p in pngs]


@role_required(*DESIGNERS)
def design_edit(request, pk: int | None = None):
    design = get_object_or_404(CardDesign, pk=pk) if pk else None
    from carnets.forms import CardDesignForm

    form = CardDesignForm(request.POST or None, request.FILES or None, instance=design)
    context = {"form": form, "design": design, "previews": [], "draft": "", "preview_pdf": ""}
    if request.method != "POST" or not form.is_valid():
        return render(request, "carnets/design_form.html", context)

    draft = _load_draft(request.POST.get("draft", ""))
    uploads = {name: form.cleaned_data.get(name) for name in IMAGES if form.cleaned_data.get(name)}
    fingerprint = _fingerprint(form)
    wants_save = "save" in request.POST
    if wants_save and draft and draft["hash"] == fingerprint and not uploads:
        images = {
            name: ContentFile(default_storage.open(path).read(), name=Path(path).name)
            for name, path in draft["images"].items()
        }
        try:
            saved = services.design_save(
                design=design,
                data={n: form.cleaned_data[n] for n in form.Meta.fields},
                images=images,
                actor=request.user,
                activate=form.cleaned_data["activate"],
            )
        except ValidationError as exc:
            service_error(request, exc, form)
            return render(request, "carnets/design_form.html", context)
        if design is not None and saved.pk != design.pk:
            messages.info(
                request,
                _(
                    "The design already had printed cards, so your changes were saved as a new "
                    "design; those cards keep the old one."
                ),
            )
        messages.success(request, _("Design saved."))
        return redirect("carnets:design-list")

    # Preview: keep the images in a draft folder and show the card as it will print.
    images = dict(draft["images"]) if draft else {}
    folder = f"carnets/design-drafts/{uuid.uuid4().hex}"
    for name, upload in uploads.items():
        upload.seek(0)
        images[name] = default_storage.save(f"{folder}/{name}{Path(upload.name).suffix.lower()[:5]}", upload)
    unsaved = CardDesign(**{n: form.cleaned_data[n] for n in form.Meta.fields})
    spec = design_spec(unsaved)
    paths = {}
    for name in IMAGES:
        if name in images:
            paths[name] = default_storage.path(images[name])
        elif design is not None and getattr(design, name):
            paths[name] = getattr(design, name).path
    spec = pdf.DesignSpec(**{**spec.__dict__, **paths, "key": "preview"})
    data = pdf.render_cards([sample_spec("preview")], {"preview": spec}, labels=labels(), title=_("Preview"))
    context.update(
        previews=preview_pngs(data),
        preview_pdf="data:application/pdf;base64," + base64.b64encode(data).decode(),
        draft=signing.dumps({"hash": fingerprint, "images": images}, salt=SALT),
    )
    if wants_save:
        messages.info(request, _("The design changed since the last preview: check the new preview and save again."))
    return render(request, "carnets/design_form.html", context)


def _load_draft(token: str) -> dict | None:
    if not token:
        return None
    try:
        return signing.loads(token, salt=SALT, max_age=6 * 3600)
    except signing.BadSignature:
        return None


@role_required(*DESIGNERS)
@require_POST
def design_activate(request, pk: int):
    design = get_object_or_404(CardDesign, pk=pk)
    services.design_activate(design=design, actor=request.user)
    messages.success(request, _("“%(name)s” is now the active design.") % {"name": design.name})
    return redirect("carnets:design-list")
