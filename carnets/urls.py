from django.urls import path

from carnets.views import batches, cards, designs, id_scan, jornadas, kit, public, stock

app_name = "carnets"

urlpatterns = [
    path("verificar/<str:token>/", public.card_verify, name="card-verify"),
    path("carnets/", cards.card_register, name="card-list"),
    path("carnets/exportar/", cards.card_export, name="card-export"),
    path("carnets/<int:pk>/", cards.card_detail, name="card-detail"),
    path("carnets/<int:pk>/pdf/", cards.card_pdf, name="card-pdf"),
    path("carnets/<int:pk>/<str:action>/", cards.card_action, name="card-action"),
    path("carnets/disenos/", designs.design_list, name="design-list"),
    path("carnets/disenos/nuevo/", designs.design_edit, name="design-new"),
    path("carnets/disenos/<int:pk>/", designs.design_edit, name="design-edit"),
    path("carnets/disenos/<int:pk>/activar/", designs.design_activate, name="design-activate"),
    path("carnets/lotes/", batches.batch_index, name="batch-list"),
    path("carnets/lotes/nuevo/", batches.batch_new, name="batch-new"),
    path("carnets/lotes/<int:pk>/", batches.batch_detail, name="batch-detail"),
    path("carnets/lotes/<int:pk>/generar/", batches.batch_render, name="batch-render"),
    path("carnets/lotes/<int:pk>/impreso/", batches.batch_printed, name="batch-printed"),
    path("carnets/lotes/<int:pk>/cancelar/", batches.batch_cancel, name="batch-cancel"),
    path("carnets/lotes/<int:pk>/pdf/", batches.batch_download, name="batch-download"),
    path("carnets/impresoras/", stock.printer_list, name="printer-list"),
    path("carnets/impresoras/nueva/", stock.printer_edit, name="printer-new"),
    path("carnets/impresoras/<int:pk>/", stock.printer_detail, name="printer-detail"),
    path("carnets/impresoras/<int:pk>/editar/", stock.printer_edit, name="printer-edit"),
    path("carnets/insumos/", stock.consumable_list, name="consumable-list"),
    path("carnets/insumos/nuevo/", stock.consumable_edit, name="consumable-new"),
    path("carnets/insumos/<int:pk>/", stock.consumable_detail, name="consumable-detail"),
    path("carnets/insumos/<int:pk>/editar/", stock.consumable_edit, name="consumable-edit"),
    path("jornadas/", jornadas.jornada_index, name="jornada-list"),
    path("jornadas/nueva/", jornadas.jornada_edit, name="jornada-new"),
    path("jornadas/<int:pk>/", jornadas.jornada_detail, name="jornada-detail"),
    path("jornadas/<int:pk>/editar/", jornadas.jornada_edit, name="jornada-edit"),
    path("jornadas/<int:pk>/registro/", jornadas.jornada_register, name="jornada-register"),
    path("jornadas/<int:pk>/registro/escanear/", id_scan.jornada_scan, name="jornada-scan"),
    path("jornadas/<int:pk>/registro/<int:registration_pk>/", jornadas.jornada_registered, name="jornada-registered"),
    path("jornadas/<int:pk>/registro/<int:registration_pk>/imprimir/", jornadas.jornada_print, name="jornada-print"),
    path(
        "jornadas/<int:pk>/registro/<int:registration_pk>/<str:action>/",
        jornadas.jornada_card_step,
        name="jornada-card-step",
    ),
    path("jornadas/<int:pk>/cerrar/", jornadas.jornada_close, name="jornada-close"),
    path("jornadas/<int:pk>/resumen.pdf", jornadas.jornada_summary, name="jornada-summary"),
    path("jornadas/<int:pk>/paquete/", kit.package_index, name="jornada-packages"),
    path(
        "jornadas/<int:pk>/paquete/<int:package_pk>/descargar/", kit.package_download, name="jornada-package-download"
    ),
    path("jornadas/kit/sincronizar/", kit.sync_receive, name="kit-sync-receive"),
    path("kit/", kit.kit_home, name="kit-home"),
    path("kit/sincronizar/", kit.kit_sync_now, name="kit-sync"),
    path("kit/borrar/", kit.kit_wipe, name="kit-wipe"),
]
