"""Page URLs of the member registry (Spanish paths)."""

from django.urls import path

from militancia.views import certificates, duplicates, members, reports

app_name = "militancia"

urlpatterns = [
    path("militantes/", members.member_list, name="member-list"),
    path("militantes/nuevo/", members.member_create, name="member-create"),
    path("militantes/exportar/<str:fmt>/", members.member_export, name="member-export"),
    path("militantes/informes/", reports.member_reports, name="member-reports"),
    path("militantes/informes/descargar/", reports.member_reports_download, name="member-reports-download"),
    path("militantes/duplicados/", duplicates.duplicate_list, name="duplicate-list"),
    path("militantes/duplicados/buscar/", duplicates.duplicate_detect, name="duplicate-detect"),
    path("militantes/duplicados/<int:pk>/decidir/", duplicates.duplicate_decide, name="duplicate-decide"),
    path("militantes/<int:pk>/", members.member_detail, name="member-detail"),
    path("militantes/<int:pk>/editar/", members.member_edit, name="member-edit"),
    path("militantes/<int:pk>/estado/", members.member_status, name="member-status"),
    path("militantes/<int:pk>/certificado/", certificates.member_certificate, name="member-certificate"),
    path("verificar/certificado/<str:code>/", certificates.certificate_verify, name="certificate-verify"),
]
