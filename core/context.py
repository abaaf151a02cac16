"""Per-request context (client IP, source) read by the audit log without passing requests around."""

from __future__ import annotations

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)
current_source: ContextVar[str | None] = ContextVar("current_source", default=None)
