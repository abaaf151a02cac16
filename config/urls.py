from importlib import import_module

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from core.api import views as core_api
from core.api.routes import register_route

router = DefaultRouter()
register_route(router, app="core", resource="territories", viewset=core_api.TerritoryViewSet)
register_route(router, app="core", resource="audit-events", viewset=core_api.AuditEventViewSet)
register_route(router, app="core", resource="jobs", viewset=core_api.JobViewSet)
api_urls = [
    path("core/me/", core_api.MeView.as_view(), name="core-me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]

# Each domain app may provide `api.register(router)`; config is the one place that knows them all.
DOMAIN_APPS = [
    "militancia",
    "rosters",
    "attention",
    "vendor_audits",
    "party_bodies",
    "targets",
    "data_rights",
    "carnets",
    "comunicaciones",
    "electoral",
]
for app_name in DOMAIN_APPS:
    try:
        api_module = import_module(f"{app_name}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app_name}.api":
            raise
        continue
    api_module.register(router)
    api_urls.extend(getattr(api_module, "urlpatterns", []))

app_urls = []
for app_name in DOMAIN_APPS:
    try:
        import_module(f"{app_name}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app_name}.urls":
            raise
        continue
    app_urls.append(path("", include(f"{app_name}.urls")))

admin.site.site_header = "Militancia"
admin.site.site_title = "Militancia"

urlpatterns = [
    path("", include("core.urls")),
    *app_urls,
    # One namespace for the whole API: /api/v1/<app>/<resource>/ is api:<app>-<resource>-list (core/api/routes.py).
    path("api/v1/", include(([*api_urls, *router.urls], "api"), namespace="api")),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg", permanent=True)),
    path("admin/", admin.site.urls),
]
# No static(MEDIA_URL) route, not even with DEBUG: uploads are served by core.views.files only.
