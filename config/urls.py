from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from attention import api as attention_api
from campaigns import api as campaigns_api
from carnets import api as carnets_api
from comunicaciones import api as comunicaciones_api
from core.api import views as core_api
from core.api.routes import register_route
from electoral import api as electoral_api
from meetings import api as meetings_api
from militancia import api as militancia_api
from party_bodies import api as party_bodies_api
from rosters import api as rosters_api
from social_orgs import api as social_orgs_api
from targets import api as targets_api

# The vendored API browsers style themselves with inline styles (and Redoc runs a blob: worker);
# their scripts still come only from our static files (the split Swagger view serves its own).
api_browser_csp = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})

router = DefaultRouter()
register_route(router, app="core", resource="territories", viewset=core_api.TerritoryViewSet)
register_route(router, app="core", resource="audit-events", viewset=core_api.AuditEventViewSet)
register_route(router, app="core", resource="jobs", viewset=core_api.JobViewSet)
api_urls = [
    path("core/me/", core_api.MeView.as_view(), name="core-me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Signed-in users only (SERVE_PERMISSIONS); in a browser, the login page rather than a bare 401.
    path(
        "docs/",
        login_required(api_browser_csp(SpectacularSwaggerSplitView.as_view(url_name="api:schema"))),
        name="docs",
    ),
    path("redoc/", login_required(api_browser_csp(SpectacularRedocView.as_view(url_name="api:schema"))), name="redoc"),
]

# config is the one place that knows every app: each app's api.register(router) adds its routes.
for api_module in (
    militancia_api,
    rosters_api,
    attention_api,
    party_bodies_api,
    targets_api,
    carnets_api,
    comunicaciones_api,
    electoral_api,
    campaigns_api,
    social_orgs_api,
    meetings_api,
):
    api_module.register(router)
    api_urls.extend(getattr(api_module, "urlpatterns", []))

app_urls = [path("", include(f"{app}.urls")) for app in settings.PROJECT_APPS]

admin.site.site_header = "Militancia"
admin.site.site_title = "Militancia"

urlpatterns = [
    *app_urls,
    # One namespace for the whole API: /api/v1/<app>/<resource>/ is api:<app>-<resource>-list (core/api/routes.py).
    path("api/v1/", include(([*api_urls, *router.urls], "api"), namespace="api")),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg", permanent=True)),
    path("admin/", admin.site.urls),
    # Passkey ceremonies (django-otp-webauthn), under /cuenta/ like the other second-factor pages.
    path("cuenta/llaves/", include("django_otp_webauthn.urls")),
]
# No static(MEDIA_URL) route, not even with DEBUG: uploads are served by core.views.files only.

# A path under /api/ that no route matches answers JSON like the API's other 404s (the schema says so).
handler404 = "core.api.views.not_found"
