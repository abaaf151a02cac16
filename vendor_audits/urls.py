from django.urls import path

from . import views

app_name = "vendor_audits"

urlpatterns = [
    path("digitalizacion/", views.vendor_list, name="audit-vendor-list"),
    path("digitalizacion/proveedores/<int:pk>/", views.vendor_detail, name="audit-vendor-detail"),
    path("digitalizacion/proveedores/<int:pk>/contratos/", views.contract_create, name="audit-contract-create"),
    path(
        "digitalizacion/contratos/<int:pk>/reanudar-inspeccion/",
        views.inspection_resume,
        name="audit-inspection-resume",
    ),
    path("digitalizacion/proveedores/<int:pk>/entregas/", views.delivery_create, name="audit-delivery-create"),
    path("digitalizacion/entregas/<int:pk>/", views.delivery_detail, name="audit-delivery-detail"),
    path("digitalizacion/entregas/<int:pk>/cajas/", views.box_create, name="audit-box-create"),
    path("digitalizacion/entregas/<int:pk>/acta/", views.acta_save, name="audit-acta-save"),
    path("digitalizacion/entregas/<int:pk>/acta.pdf", views.acta_download, name="audit-acta-pdf"),
    path("digitalizacion/entregas/<int:pk>/acta/firmar/", views.acta_sign, name="audit-acta-sign"),
    path("digitalizacion/entregas/<int:pk>/acta/aprobar-pago/", views.acta_approve, name="audit-acta-approve"),
    path("digitalizacion/entregas/<int:pk>/acta/escaneo/", views.acta_scan, name="audit-acta-scan"),
    path("digitalizacion/cajas/<int:pk>/", views.box_detail, name="audit-box-detail"),
    path("digitalizacion/cajas/<int:pk>/auditar/", views.audit_start, name="audit-start"),
    path("digitalizacion/cajas/<int:pk>/devolver/", views.box_return, name="audit-box-return"),
    path("digitalizacion/cajas/<int:pk>/recibir/", views.box_receive_back, name="audit-box-receive"),
    path("digitalizacion/rondas/<int:pk>/muestra/", views.sample_save, name="audit-sample-save"),
    path(
        "digitalizacion/rondas/<int:pk>/muestra/restantes-conformes/",
        views.sample_rest_conforming,
        name="audit-sample-rest-conforming",
    ),
    path("digitalizacion/rondas/<int:pk>/decidir/", views.audit_decide, name="audit-decide"),
]
