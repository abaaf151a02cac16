"""Helpers shared by communications views."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError


def role_required(*roles):
    """Logged in (else login page) and holding one of the roles (else 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def error_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)
