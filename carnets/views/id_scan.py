"""Cédula scanning at the drive table.

The page posts what the scanner typed (`payload`) or a photo/video frame of the back of the
cédula (`image`: its PDF417 decoded here with zxing-cpp, or else the MRZ of a digital cédula read
with Tesseract OCR and checked by its check digits) and gets the person's fields back as JSON, in the
names of the registration form. The page decides what to fill: empty fields take the scanned
value; a field that already holds another value is shown side by side for the operator to choose.

Camera decoding is done on the server, not with zxing-wasm in the browser: at a drive without a
connection the server is the kit on the same laptop, so it is as offline as the page; the page's
CSP forbids compiling WebAssembly (no 'wasm-unsafe-eval'); and one decoder and one parser are
tested in Python.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carnets.photos import read_image
from carnets.roles import CARD_WORKERS
from carnets.selectors import jornada_list
from core.id_scan import BarcodeNotFound, ScanError, ScannedId, decode_barcode_image, read_mrz_image, read_scan
from core.views.helpers import role_required

MAX_PAYLOAD = 4096  # a PDF417 of a cédula is 531 bytes; the MRZ 90 characters
# The registration form's fields a scan may fill, in the order the page shows them.
SCANNED_FIELDS = ("id_type", "id_number", "first_names", "last_names", "birth_date", "sex")


def scanned_fields(scanned: ScannedId) -> dict[str, str]:
    """The scan as values of the registration form (ISO date, sex code); empty ones left out."""
    values = {
        "id_type": scanned.id_type,
        "id_number": scanned.id_number,
        "first_names": scanned.first_names,
        "last_names": scanned.last_names,
        "birth_date": scanned.birth_date.isoformat() if scanned.birth_date else "",
        "sex": scanned.sex,
    }
    return {name: value for name, value in values.items() if value}


def carried_scan(raw: str) -> dict[str, str]:
    """The scan the lookup step carried to the form (the hidden `scan` field, JSON), reduced to
    the known fields as short strings; anything else is dropped."""
    import json

    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {name: data[name][:120] for name in SCANNED_FIELDS if isinstance(data.get(name), str) and data[name].strip()}


@role_required(*CARD_WORKERS)
@require_POST
def jornada_scan(request, pk: int):
    jornada = get_object_or_404(jornada_list(user=request.user), pk=pk)
    if not jornada.is_open:
        return JsonResponse({"error": _("The registration drive is closed.")}, status=400)
    image = request.FILES.get("image")
    try:
        if image is not None:
            picture = read_image(image, label=_("The photo of the cédula"))
            try:
                raw = decode_barcode_image(picture)
            except BarcodeNotFound:
                raw = read_mrz_image(picture)  # the digital cédula: its MRZ, by OCR
        else:
            payload = request.POST.get("payload", "")
            if not payload.strip():
                return JsonResponse({"error": _("Nothing was read: scan the cédula again.")}, status=400)
            raw = payload[:MAX_PAYLOAD]
        scanned = read_scan(raw)
    except BarcodeNotFound as exc:
        return JsonResponse({"error": str(exc), "not_found": True}, status=422)
    except ScanError as exc:
        return JsonResponse({"error": str(exc)}, status=422)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    warnings = list(scanned.warnings)
    if image is not None and scanned.source == "mrz":
        # OCR: the check digits vouch for the number and the dates, nothing vouches for the names.
        warnings.append(_("The names were read by the camera: compare them with the cédula."))
    return JsonResponse(
        {
            "source": scanned.source,
            "fields": scanned_fields(scanned),
            "warnings": warnings,
        }
    )
