import time
from functools import wraps

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

from core.context import current_ip, current_source
from core.net import client_ip


class RequestContextMiddleware:
    """Makes the client IP and the source (web or API) available to the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "manual"
        ip_token = current_ip.set(client_ip(request))
        source_token = current_source.set(source)
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(ip_token)
            current_source.reset(source_token)


class SessionIdleMiddleware:
    """Renews a session's idle expiry at most once a minute instead of on every request.

    Sessions end after SESSION_COOKIE_AGE seconds without a request (ASVS 7.3.1). Renewing on every
    request (SESSION_SAVE_EVERY_REQUEST) costs a database write on each page, which the member list
    cannot afford within its query budget; touching the session when the last renewal is older than
    SESSION_TOUCH_SECONDS keeps the idle timeout to within that many seconds.
    """

    KEY = "_idle_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
                session[self.KEY] = now  # modified: SessionMiddleware saves it with a fresh expiry
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing a signed-in user (or an API client) receives is kept by a browser or a proxy cache.

    Every page, API answer and protected file of a signed-in user may hold personal data, and a
    shared computer's back button or disk cache must not show it to the next person. Static
    files are answered before this (WhiteNoise) and stay cacheable. API calls with a token are
    authenticated by DRF inside the view, so `/api/` is covered by its path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response


class RequireSecondFactorMiddleware:
    """Users whose role requires a second factor (SECOND_FACTOR_ROLES) enrol and verify it before anything else."""

    EXEMPT_PREFIXES = ("/cuenta/", "/static/", "/verificar/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and user.requires_second_factor()
            and not user.is_verified()
        ):
            if request.path.startswith("/api/") and not request.session.session_key:
                return self.get_response(request)  # token-authenticated API calls carry no session
            return redirect(f"{reverse('core:otp-verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def allow_devices(**features: str):
    """Lets one view's page use a device the Permissions-Policy denies elsewhere.

    `@allow_devices(camera="self")` on the drive registration: the camera works there, for this
    origin only, and nowhere else.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            response = view(*args, **kwargs)
            response.permissions_policy = features
            return response

        return wrapped

    return decorator


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY (devices denied) with the exceptions a view allowed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        allowed = getattr(response, "permissions_policy", {})
        parts = []
        for feature, origins in settings.PERMISSIONS_POLICY.items():
            origins = [allowed[feature]] if feature in allowed else origins
            parts.append(f"{feature}=({' '.join(origins)})")
        response.setdefault("Permissions-Policy", ", ".join(parts))
        return response
