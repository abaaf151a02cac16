from importlib import import_module

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from core.api import views as core_api

router = DefaultRouter()
router.register("territories", core_api.TerritoryViewSet, basename="territory")
router.register("audit-events", core_api.AuditEventViewSet, basename="auditevent")
router.register("jobs", core_api.JobViewSet, basename="job")

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
    path("api/v1/me/", core_api.MeView.as_view(), name="api-me"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    # Namespaced so that API route names ("api:member-list") never shadow page names ("member-list").
    path("api/v1/", include((router.urls, "api"), namespace="api")),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg", permanent=True)),
    path("admin/", admin.site.urls),
]
# No static(MEDIA_URL) route, not even with DEBUG: uploads are served by core.views.files only.
