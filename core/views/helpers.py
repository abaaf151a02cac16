"""The view helpers every app uses: role checks, service errors, count-free pages, downloads.

One way for each thing (STYLE.md 11): before writing a helper in an app's views, look here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.roles import Role

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

T = TypeVar("T")


def require_role(request, *roles: Role) -> None:
    """403 unless the user holds one of `roles`: for the check a view makes on one branch only
    (a POST, an edit button); a whole view takes `@role_required` instead."""
    if not (request.user.is_authenticated and request.user.has_role(*roles)):
        raise PermissionDenied


def role_required(*roles: Role):
    """Logged in (else the login page), then holding one of `roles` (else 403).

    The services check role and scope again: this only keeps people off pages they cannot use.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_role(request, *roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def error_text(exc: ValidationError | PermissionDenied) -> str:
    """A service's refusal as one sentence (its messages joined)."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You are not allowed to do this.")


def form_error_messages(request, form) -> None:
    """An invalid form posted from a page that does not show it again (a button row, a modal):
    one message per wrong field, naming it, on the page the view redirects to."""
    for name, errors in form.errors.items():
        label = form[name].label if name in form.fields else ""
        text = " ".join(str(error) for error in errors)
        messages.error(request, f"{label}: {text}" if label else text)


def call_service(request, call: Callable[[], T], *, success: str | Callable[[T], str] = "") -> T | None:
    """Run a service for a POST that redirects: its refusal becomes error messages (and None is
    returned), its result is returned with `success` shown (a text, or a function of the result)."""
    try:
        result = call()
    except ValidationError as exc:
        service_error(request, exc)
        return None
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    return result


def submit_form(request, form, call: Callable[[dict], T], *, success: str | Callable[[T], str] = "") -> T | None:
    """`call_service` for a posted form: `call` gets the cleaned data; an invalid form names its
    wrong fields in messages and calls nothing."""
    if not form.is_valid():
        form_error_messages(request, form)
        return None
    return call_service(request, lambda: call(form.cleaned_data), success=success)


def service_error(request, exc: ValidationError | PermissionDenied, form=None) -> None:
    """Show a service's refusal: on the form when there is one (field errors on their fields,
    the rest above the form), otherwise as error messages on the next page.

    ValidationError and its subclasses (the workflow's TransitionError) carry the messages;
    a PermissionDenied the view chose to catch shows its text.
    """
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        if form is not None:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return
        for errors in exc.message_dict.values():
            for message in errors:
                messages.error(request, message)
        return
    texts = exc.messages if isinstance(exc, ValidationError) else [error_text(exc)]
    if form is not None:
        form.add_error(None, texts)
        return
    for message in texts:
        messages.error(request, message)


@dataclass(frozen=True)
class CountFreePage:
    """A page that knows whether a next one exists, not how many there are (no COUNT(*)).

    It has what templates/components/pagination.html and the lists read from a Django Page:
    iterate it or its `object_list`, `number`, `has_previous`/`has_next` and the neighbours.
    """

    object_list: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def page_without_count(queryset, page_param, per_page: int) -> CountFreePage:
    """One page of `queryset`, reading one row more to learn whether a next page exists.

    Every list page uses it: COUNT(*) over the roster, the audit log or the queues costs more
    than the page itself, and nobody needs "page 3 of 41 236". A page number that is not a
    number is page 1; one past the end is an empty page.
    """
    try:
        number = max(1, int(page_param or 1))
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return CountFreePage(object_list=rows[:per_page], number=number, has_next=len(rows) > per_page)


def download_response(
    content: bytes | Iterable, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse | StreamingHttpResponse:
    """A generated document (PDF, spreadsheet, CSV) as a download, or shown in the browser.

    `content` is the bytes, or an iterator of chunks (streamed: big CSV exports). The filename
    is quoted by Django (RFC 6266, non-ASCII as filename*), never pasted into the header; the
    answer is never cached. Who downloads personal data is audited by the view, next to the
    object it audits (`audit_download`, or the service that builds the export).
    """
    if isinstance(content, bytes | str):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def pdf_response(data: bytes, *, filename: str, inline: bool = False) -> HttpResponse:
    return download_response(data, filename=filename, content_type="application/pdf", inline=inline)


def audit_download(request, obj, message: str) -> None:
    """The audit event of a download of `obj` (a generated document or a file) by the user."""
    audit_record(actor=request.user, action=AuditEvent.Action.DOWNLOAD, obj=obj, message=message)
