"""Territorial scope: one reusable way to limit every queryset to what a user may see.

A model opts in by using `ScopedQuerySet` (or `ScopedManager`) and naming the lookup
to its territory in `SCOPE_FIELD`. Pages, API viewsets, exports and tasks all call
`Model.objects.visible_to(user)`; an object outside the scope is then simply absent,
which is what turns a foreign URL into a 404.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_national:
            return self
        return self.filter(scope_condition(self.model, user))


def scope_condition(model, user) -> Q:
    """The filter that keeps a model's rows inside the user's territories."""
    from core.models import Territory

    field = model.SCOPE_FIELD
    in_scope = Territory.objects.subtree(user.scope_territories).values("pk")
    condition = Q(**{f"{field}__in": in_scope})
    # Rows with no territory (e.g. a national election) are visible to everyone when the model says so.
    if getattr(model, "SCOPE_INCLUDE_UNSET", False):
        condition |= Q(**{f"{field}__isnull": True})
    return condition


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class NationalQuerySet(models.QuerySet):
    """For what only the national office runs (vendor audits, national targets): national users see it all."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active or not user.is_national:
            return self.none()
        return self


NationalManager = models.Manager.from_queryset(NationalQuerySet)
