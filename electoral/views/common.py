"""Helpers every electoral view uses: role check, scoped lookups, service errors as messages."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404

from electoral.models import Election
from electoral.roles import DECIDERS, OPERATORS, READERS


def role_required(roles=READERS):
    """Login required (redirect), then one of `roles` (403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def election_for(request, pk: int) -> Election:
    """The election if it is in the user's scope, 404 otherwise."""
    return get_object_or_404(Election.objects.visible_to(request.user).select_related("territory", "root_unit"), pk=pk)


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def report_error(request, exc: ValidationError, form=None) -> None:
    """Put a service's refusal on the form (field errors) or in the messages."""
    if form is not None and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
        return
    if form is not None:
        form.add_error(None, error_text(exc))
        return
    messages.error(request, error_text(exc))


def can(user, roles) -> bool:
    return user.has_role(*roles)


def role_flags(user) -> dict:
    return {"can_operate": can(user, OPERATORS), "can_decide": can(user, DECIDERS)}
