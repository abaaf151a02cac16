from django.urls import path

from . import views

app_name = "solidarity"

urlpatterns = [
    path("solidaridad/casos/", views.case_list, name="case-list"),
    path("solidaridad/casos/nuevo/", views.case_create, name="case-create"),
    path("solidaridad/casos/<int:pk>/", views.case_detail, name="case-detail"),
    path("solidaridad/casos/<int:pk>/asignar/", views.case_assign, name="case-assign"),
    path("solidaridad/casos/<int:pk>/acciones/", views.case_action, name="case-action"),
    path("solidaridad/casos/<int:pk>/estado/", views.case_transition, name="case-transition"),
    path("solidaridad/casos/<int:pk>/acceso/", views.case_restrict, name="case-restrict"),
    path("solidaridad/profesionales/", views.professional_list, name="professional-list"),
    path("solidaridad/profesionales/<int:pk>/", views.professional_edit, name="professional-edit"),
]
