"""The one door to uploaded files: login, role, territory, audit, then the bytes (or the proxy)."""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.audit import audit_record
from core.crypto import read_decrypted
from core.files import protected_file as registry_entry
from core.models import AuditEvent

# Shown in the browser; anything else (SVG included: it can carry scripts) is downloaded.
INLINE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf")


@require_safe
@login_required
def protected_file(request, app_label: str, model_name: str, pk: int, field: str):
    entry = registry_entry(app_label, model_name, field)
    if entry is None:
        raise Http404
    if not request.user.has_role(*entry.roles):
        raise PermissionDenied
    obj = entry.objects_for(request.user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    file = getattr(obj, field)
    if not file:
        raise Http404
    if entry.personal:
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.DOWNLOAD,
            obj=obj,
            # The field goes in the message: `changes` means changed values, and histories render it so.
            message=_("File downloaded: %(field)s") % {"field": obj._meta.get_field(field).verbose_name},
            message_is_personal=False,  # a fixed text naming the field, never its content
        )
    return file_response(file, entry.download_name(obj))


def file_response(file, filename: str, *, as_attachment: bool | None = None, content_type: str = ""):
    """The file itself (django), or an empty answer telling nginx/Apache which file to send.

    Every view that hands out a stored file answers through here, so all of them follow
    PROTECTED_FILES_SERVER and send the same no-store/nosniff headers.
    """
    content_type = content_type or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    inline = content_type in INLINE_TYPES if as_attachment is None else not as_attachment
    server = settings.PROTECTED_FILES_SERVER
    if getattr(file, "encrypted", False):
        # Encrypted at rest (core.crypto): only this process can open it, whatever serves the rest.
        try:
            data = read_decrypted(file)
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(not inline, filename)
    elif server == "django":
        try:
            handle = file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    else:
        response = HttpResponse(b"", content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(not inline, filename)
        if server == "nginx":
            response["X-Accel-Redirect"] = settings.PROTECTED_FILES_INTERNAL_PREFIX + quote(file.name)
        else:  # apache (mod_xsendfile) wants the path on disk
            response["X-Sendfile"] = file.storage.path(file.name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
