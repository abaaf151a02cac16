from django.urls import path

from . import views

app_name = "data_rights"

urlpatterns = [
    path("derechos/militantes/<int:pk>/informe/", views.data_report, name="rights-data-report"),
    path("derechos/supresiones/", views.suppression_list, name="rights-suppressions"),
    path("derechos/supresiones/<int:pk>/confirmar/", views.suppression_confirm, name="rights-suppression-confirm"),
]
