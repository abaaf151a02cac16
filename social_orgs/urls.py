from django.urls import path

from . import views

app_name = "social_orgs"

urlpatterns = [
    path("organizaciones/", views.organization_list, name="organization-list"),
    path("organizaciones/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("organizaciones/<int:pk>/editar/", views.organization_edit, name="organization-edit"),
    path("organizaciones/<int:pk>/militantes/", views.member_add, name="organization-member-add"),
    path("organizaciones/vinculos/<int:pk>/retirar/", views.member_remove, name="organization-member-remove"),
    path("organizaciones/<int:pk>/actividades/", views.activity_add, name="organization-activity-add"),
    path("organizaciones/<int:pk>/elecciones/", views.election_add, name="organization-election-add"),
    path("organizaciones/frentes/", views.front_list, name="front-list"),
    path("organizaciones/elecciones/", views.election_list, name="election-list"),
    path("organizaciones/elecciones/<int:pk>/", views.election_detail, name="election-detail"),
    path("organizaciones/elecciones/<int:pk>/cargos/", views.position_add, name="election-position-add"),
    path("organizaciones/elecciones/<int:pk>/candidatos/", views.candidate_add, name="election-candidate-add"),
    path("organizaciones/elecciones/<int:pk>/resultado/", views.election_result, name="election-result"),
    path("organizaciones/elecciones/<int:pk>/apoyo/", views.election_support, name="election-support"),
    path("organizaciones/elecciones/<int:pk>/cancelar/", views.election_cancel, name="election-cancel"),
]
