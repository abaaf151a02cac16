"""The API's OpenAPI schema documents the errors each operation can answer, with their bodies.

drf-spectacular documents the successful answer of an operation; the refusals come from DRF
itself (authentication, permissions, throttles, lookups, validation), so one schema class adds
them from what the view really does, instead of every view repeating them:

- 400 where the caller sends input: a request body or query parameters (filters, the keyset
  cursor). The body is DRF's validation error: the field's name → its messages.
- 401 when the permission needs a signed-in caller (token first: a missing or bad token is 401).
- 403 when the permission asks for a role (not only a signed-in user), and for every unsafe
  method (services check role again; a session without its CSRF token is refused too).
- 404 where the path names an object: outside the caller's scope it does not exist.
- 415 where there is a request body: another content type is refused.
- 429 where the view has throttles, or reads tokens (bad tokens have their own budget).

405 is not listed: every documented method of a path is allowed, and OpenAPI has no operation
for the methods that are not. An operation that answers something else (202, 409) says so
itself with `extend_schema(responses=…)`.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated

from core.api.authentication import ThrottledTokenAuthentication

MESSAGES = {"type": "array", "items": {"type": "string"}}
VALIDATION_ERROR = {
    "type": "object",
    "description": "DRF's validation error: each field with problems → its messages (“Campo: …”); "
    "`non_field_errors` or `detail` for what is not one field's fault. A nested field (an item of a "
    "list) answers an object of the same shape under its name.",
    "additionalProperties": {
        "oneOf": [MESSAGES, {"type": "string"}, {"type": "object", "additionalProperties": {}}],
    },
}
DESCRIPTIONS = {
    "400": "Invalid input: the body names each field and its messages.",
    "401": "No credentials, or a token that is not valid.",
    "403": "Your role does not allow this operation.",
    "404": "No such object, or outside your territorial scope.",
    "415": "The request body is not in a content type this operation reads.",
    "429": "Too many requests: wait the seconds in Retry-After.",
}
RETRY_AFTER = {
    "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before trying again."},
}


class ErrorSerializer(serializers.Serializer):
    """DRF's error body (401, 403, 404, 409, 415, 429): one message in `detail`."""

    detail = serializers.CharField(help_text="What went wrong (in Spanish).")

    class Meta:
        ref_name = "Error"


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema, plus the error answers the view can give (see the module)."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in self.error_codes(operation):
            documented = responses.setdefault(code, {"description": DESCRIPTIONS[code]})
            documented.setdefault("content", {"application/json": {"schema": self._error_schema(code)}})
            if code == "429":
                documented.setdefault("headers", RETRY_AFTER)
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def error_codes(self, operation: dict) -> list[str]:
        """The error statuses this operation can answer (the module says when each applies)."""
        permissions = [permission.__class__ for permission in self.view.get_permissions()]
        signed_in = any(not issubclass(permission, AllowAny) for permission in permissions)
        role_checked = any(not issubclass(permission, (AllowAny, IsAuthenticated)) for permission in permissions)
        parameters = operation.get("parameters", [])
        has_body = "requestBody" in operation
        codes = []
        if has_body or any(parameter["in"] == "query" for parameter in parameters):
            codes.append("400")
        if signed_in:
            codes.append("401")
        if role_checked or self.method not in SAFE_METHODS:
            codes.append("403")
        if any(parameter["in"] == "path" for parameter in parameters):
            codes.append("404")
        if has_body:
            codes.append("415")
        authenticators = [authenticator.__class__ for authenticator in self.view.get_authenticators()]
        if self.view.get_throttles() or any(issubclass(a, ThrottledTokenAuthentication) for a in authenticators):
            codes.append("429")
        return codes

    def _error_schema(self, code: str) -> dict:
        if code != "400":
            return self.resolve_serializer(ErrorSerializer, "response").ref
        component = ResolvedComponent(
            name="ValidationError", type=ResolvedComponent.SCHEMA, object="ValidationError", schema=VALIDATION_ERROR
        )
        self.registry.register_on_missing(component)
        return component.ref
