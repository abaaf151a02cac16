from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

REFUSED = (exceptions.NotAuthenticated, exceptions.AuthenticationFailed, exceptions.PermissionDenied)


def exception_handler(exc, context):
    """DRF's handler, plus domain validation errors answered as 400 with their messages.

    DRF checks throttles after authentication and permissions, so refused calls were never
    counted: an anonymous caller could knock forever. They count here, against the view's
    throttles, and the call past the budget is answered 429."""
    view, request = context.get("view"), context.get("request")
    counted = getattr(request, "throttles_checked", False)
    if isinstance(exc, REFUSED) and not counted and view is not None and hasattr(view, "check_throttles"):
        try:
            view.check_throttles(request)
        except exceptions.Throttled as throttled:
            exc = throttled
    if isinstance(exc, Http404):
        # One answer for "no such row" and "outside your scope", in the user's language (Django's
        # get_object_or_404 says "No Member matches the given query." in English).
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)
