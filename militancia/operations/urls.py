"""Page URLs of the membership operations (issue 7), included from militancia/urls.py."""

from django.urls import include, path

urlpatterns = [
    path("", include("militancia.operations.attention.urls")),
    path("", include("militancia.operations.audits.urls")),
    path("", include("militancia.operations.offices.urls")),
    path("", include("militancia.operations.targets.urls")),
    path("", include("militancia.operations.rights.urls")),
]
