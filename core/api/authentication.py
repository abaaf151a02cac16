"""Token authentication that answers 429 once a client IP has sent too many bad tokens."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from core.api.throttling import BadTokenThrottle


class ThrottledTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        throttle = BadTokenThrottle()
        if request.META.get("HTTP_AUTHORIZATION") and throttle.over_limit(request):
            raise exceptions.Throttled(wait=throttle.wait())
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.record_failure(request)
            raise
