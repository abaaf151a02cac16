"""Territories in the API are named by their DIVIPOLA code ("05" Antioquia, "05001" Medellín), never a database id."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend

from core.models import Territory


def _by_code(territories, code) -> Territory | None:
    # A NUL character cannot even be sent to PostgreSQL (a 500): no territory has such a code.
    if "\x00" in str(code):
        return None
    return territories.by_code(code)


def territory_from_code(code) -> Territory:
    """The territory of a `?territory=` filter; a clear 400 when no territory has the code."""
    territory = _by_code(Territory.objects, code)
    if territory is None:
        raise serializers.ValidationError({"territory": [_("No territory has the code “%(code)s”.") % {"code": code}]})
    return territory


@extend_schema_field({"type": "string", "description": "DIVIPOLA code of the territory, e.g. 05001 (Medellín)."})
class TerritoryCodeField(serializers.RelatedField):
    """A territory written and read as its DIVIPOLA code."""

    default_error_messages = {
        "does_not_exist": _("No territory has the code “{code}”."),
        "invalid": _("Give the territory's DIVIPOLA code as text, e.g. “05001”."),
    }

    def __init__(self, **kwargs):
        # Errors are named by the label ("Territorio: …"); DRF's default would be the English field name.
        kwargs.setdefault("label", capfirst(_("territory")))
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Territory.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str | int) or isinstance(data, bool):
            self.fail("invalid")
        territory = _by_code(self.get_queryset(), data)
        if territory is None:
            self.fail("does_not_exist", code=data)
        return territory

    def to_representation(self, value) -> str:
        return value.code


class TerritoryCodeFilter(BaseFilterBackend):
    """`?territory=05` on a list: the rows of Antioquia's subtree (the view's `filter_territory` says how)."""

    def filter_queryset(self, request, queryset, view):
        code = request.query_params.get("territory", "").strip()
        if not code:
            return queryset
        return view.filter_territory(queryset, territory_from_code(code))

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "territory",
                "required": False,
                "in": "query",
                "description": "DIVIPOLA code of a territory (05 Antioquia, 05001 Medellín): its whole subtree.",
                "schema": {"type": "string"},
            }
        ]
