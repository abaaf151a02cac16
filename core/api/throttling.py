"""API throttles keyed by the client IP of core.net (never a client-written header)."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from core.net import client_ip


class ClientIpMixin:
    def get_ident(self, request) -> str:
        return client_ip(request) or ""

    def allow_request(self, request, view) -> bool:
        request.throttles_checked = True  # core.api.exceptions counts refused calls only once
        return super().allow_request(request, view)

    def get_rate(self) -> str | None:
        # Read at each call (DRF binds the rates at import), so override_settings reaches them.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(ClientIpMixin, AnonRateThrottle):
    """Anonymous calls per client IP (rate `anon`)."""


class UserThrottle(ClientIpMixin, UserRateThrottle):
    """Authenticated calls per user, anonymous ones per client IP (rate `user`)."""


class BadTokenThrottle(ClientIpMixin, SimpleRateThrottle):
    """Refused API tokens per client IP (rate `bad_token`): guessing tokens meets 429 quickly."""

    scope = "bad_token"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def over_limit(self, request) -> bool:
        """Whether this IP spent its budget, without counting this request."""
        self.key = self.get_cache_key(request, None)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) >= self.num_requests

    def record_failure(self, request) -> None:
        if not self.over_limit(request):
            self.throttle_success()
