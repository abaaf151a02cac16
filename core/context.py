"""Per-request context (client IP, source) read by the audit log without passing requests around."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)
current_source: ContextVar[str | None] = ContextVar("current_source", default=None)


def with_request_context(chunks: Iterable[T]) -> Iterator[T]:
    """Iterate `chunks` with the current request's IP and source, captured now.

    A streamed response is consumed by the server after the middleware has returned and reset
    the context, so an audit event written by the stream (at its end, or when the client
    disconnects) would lose the client's IP. Call this in the view, while the request is live.
    """
    ip, source = current_ip.get(), current_source.get()
    iterator = iter(chunks)

    def restored(step):
        ip_token, source_token = current_ip.set(ip), current_source.set(source)
        try:
            return step()
        finally:
            current_ip.reset(ip_token)
            current_source.reset(source_token)

    def run() -> Iterator[T]:
        try:
            while True:
                try:
                    chunk = restored(lambda: next(iterator))
                except StopIteration:
                    return
                yield chunk
        finally:
            # Closed early (the client went away): the inner stream's own cleanup sees the request too.
            close = getattr(iterator, "close", None)
            if close is not None:
                restored(close)

    return run()
