from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse

from core.audit import audit_record
from core.models import AuditEvent


def require(request, roles) -> None:
    if not request.user.has_role(*roles):
        raise PermissionDenied


def error_messages(request, exc: ValidationError, form=None) -> None:
    """Put a service's ValidationError on the form (field errors) or as messages."""
    if form is not None and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    for message in exc.messages:
        messages.error(request, message)


def pdf_response(data: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def audit_download(request, obj, message: str) -> None:
    audit_record(actor=request.user, action=AuditEvent.Action.DOWNLOAD, obj=obj, message=message)
