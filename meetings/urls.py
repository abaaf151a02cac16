from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("reuniones/", views.meeting_list, name="meeting-list"),
    path("reuniones/nueva/", views.meeting_create, name="meeting-create"),
    path("reuniones/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("reuniones/<int:pk>/acta/", views.minutes_record, name="minutes-record"),
    path("reuniones/<int:pk>/acta.pdf", views.minutes_pdf, name="minutes-pdf"),
    path("reuniones/<int:pk>/informe.pdf", views.briefing_pdf, name="briefing-pdf"),
    path("reuniones/<int:pk>/compromisos/", views.commitment_add, name="commitment-add"),
    path("reuniones/<int:pk>/militantes/", views.member_add, name="member-add"),
    path("reuniones/<int:pk>/archivos/", views.attachment_add, name="attachment-add"),
    path("compromisos/", views.my_commitments, name="my-commitments"),
    path("compromisos/<int:pk>/accion/", views.commitment_transition, name="commitment-transition"),
]
