from django.urls import path

from . import views

app_name = "party_bodies"

urlpatterns = [
    path("organos/", views.body_list, name="office-body-list"),
    path("organos/<int:pk>/", views.body_detail, name="office-body-detail"),
    path("organos/<int:pk>/asignar/", views.term_assign, name="office-term-assign"),
    path("organos/periodos/<int:pk>/terminar/", views.term_end, name="office-term-end"),
    path("organos/cargos/<int:pk>/funciones/", views.office_functions, name="office-functions"),
    path("organos/directorio/", views.directory, name="office-directory"),
    path("formacion/", views.training_list, name="training-list"),
    path("formacion/<int:pk>/", views.training_detail, name="training-detail"),
    path("formacion/asistencias/<int:pk>/certificado/", views.training_certificate, name="training-certificate"),
]
