from django.urls import include, path

urlpatterns = [
    path("", include("militancia.views.urls")),  # member registry
    path("", include("militancia.operations.urls")),
    path("", include("militancia.roster.urls")),  # roster uploads (planillas)
]
