"""Query-string filters of API lists, read through a serializer: documented in the schema
(`extend_schema(parameters=[TheFilters])`) and refused with a 400 naming the parameter when a
value is not one the list understands, instead of an empty page or a database error."""

from __future__ import annotations

from rest_framework import serializers


def query_filters(request, filters: type[serializers.Serializer]) -> dict:
    """The validated filters of `request`'s query string (only the fields of `filters`)."""
    read = filters(data=request.query_params)
    read.is_valid(raise_exception=True)
    return {name: value for name, value in read.validated_data.items() if value not in (None, "")}
