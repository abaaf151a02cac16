from django.urls import path

from . import views

app_name = "targets"

urlpatterns = [
    path("metas/", views.dashboard, name="targets-dashboard"),
    path("metas/fijar/", views.target_set, name="targets-set"),
    path("metas/informes/", views.reports, name="targets-reports"),
    path("metas/informes/<int:pk>/", views.report_download, name="targets-report-download"),
]
