from django.urls import path

from rosters import views

app_name = "rosters"

urlpatterns = [
    path("planillas/", views.roster_list, name="roster-list"),
    path("planillas/nueva/", views.roster_upload, name="roster-upload"),
    path("planillas/conflictos/", views.roster_conflict_list, name="roster-conflict-list"),
    path("planillas/conflictos/<int:pk>/resolver/", views.roster_conflict_resolve, name="roster-conflict-resolve"),
    path(
        "planillas/conflictos/registros/<int:pk>/resolver/",
        views.registration_conflict_resolve,
        name="registration-conflict-resolve",
    ),
    path("planillas/<int:pk>/", views.roster_detail, name="roster-detail"),
    path("planillas/<int:pk>/estado/", views.roster_status, name="roster-status"),
    path("planillas/<int:pk>/columnas/", views.roster_mapping, name="roster-mapping"),
    path("planillas/<int:pk>/confirmar/", views.roster_confirm, name="roster-confirm"),
    path("planillas/<int:pk>/errores.xlsx", views.roster_errors, name="roster-errors"),
    path("planillas/<int:pk>/revertir/", views.roster_rollback, name="roster-rollback"),
]
