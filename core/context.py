"""Per-request context (client IP, source) read by the audit log without passing requests around."""

from __future__ import annotations

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)
current_source: ContextVar[str | None] = ContextVar("current_source", default=None)


def client_ip(request) -> str | None:
    # Behind the reverse proxy the first X-Forwarded-For hop is the client.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None
