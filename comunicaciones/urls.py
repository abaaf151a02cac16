from django.urls import path

from comunicaciones.views import notifications, pieces, planning, press, review, stats

app_name = "comunicaciones"

urlpatterns = [
    path("comunicaciones/", pieces.piece_list, name="piece-list"),
    path("comunicaciones/exportar.xlsx", pieces.piece_export, name="piece-export"),
    path("comunicaciones/necesidades/nueva/", pieces.need_create, name="need-create"),
    path("comunicaciones/piezas/<int:pk>/", pieces.piece_detail, name="piece-detail"),
    path("comunicaciones/piezas/<int:pk>/editar/", pieces.piece_edit, name="piece-edit"),
    path("comunicaciones/piezas/<int:pk>/accion/", pieces.piece_transition, name="piece-transition"),
    path("comunicaciones/piezas/<int:pk>/archivos/", pieces.attachment_upload, name="attachment-upload"),
    path(
        "comunicaciones/piezas/<int:pk>/archivos/<int:attachment_id>/",
        pieces.attachment_download,
        name="attachment-download",
    ),
    path(
        "comunicaciones/piezas/<int:pk>/archivos/<int:attachment_id>/quitar/",
        pieces.attachment_remove,
        name="attachment-remove",
    ),
    path("comunicaciones/piezas/<int:pk>/publicar/", pieces.publication_create, name="publication-create"),
    path("comunicaciones/piezas/<int:pk>/reprogramar/", pieces.piece_reschedule, name="piece-reschedule"),
    path("comunicaciones/bandeja/", review.inbox, name="inbox"),
    path("comunicaciones/revision/<int:pk>/", review.review, name="review"),
    path("comunicaciones/cronograma/", planning.calendar, name="calendar"),
    path("comunicaciones/comites/", planning.meeting_list, name="meeting-list"),
    path("comunicaciones/comites/nuevo/", planning.meeting_create, name="meeting-create"),
    path("comunicaciones/comites/<int:pk>/", planning.meeting_detail, name="meeting-detail"),
    path("comunicaciones/comites/<int:pk>/acta.pdf", planning.meeting_pdf, name="meeting-pdf"),
    path("comunicaciones/estadisticas/", stats.stat_list, name="stat-list"),
    path("comunicaciones/estadisticas/registrar/", stats.stat_edit, name="stat-edit"),
    path("comunicaciones/estadisticas/importar/", stats.stat_import, name="stat-import"),
    path("comunicaciones/informes/", stats.report_list, name="report-list"),
    path("comunicaciones/informes/<int:pk>/pdf/", stats.report_download, name="report-download"),
    path("comunicaciones/medios/", press.mention_list, name="mention-list"),
    path("comunicaciones/medios/nueva/", press.mention_create, name="mention-create"),
    path("comunicaciones/comunicados/", press.press_release_list, name="press-release-list"),
    path("comunicaciones/comunicados/nuevo/", press.press_release_create_view, name="press-release-create"),
    path(
        "comunicaciones/comunicados/<int:pk>/publicar/", press.press_release_publish_view, name="press-release-publish"
    ),
    path("comunicaciones/prensa/", press.appearance_list, name="appearance-list"),
    path("comunicaciones/prensa/nueva/", press.appearance_create, name="appearance-create"),
    path("comunicaciones/prensa/<int:pk>/", press.appearance_edit, name="appearance-edit"),
    path("comunicaciones/informes/prensa/", press.press_report_list, name="press-report-list"),
    path("comunicaciones/informes/prensa/<int:pk>/pdf/", press.press_report_download, name="press-report-download"),
    path("comunicaciones/notificaciones/", notifications.notification_list, name="notification-list"),
    path("comunicaciones/notificaciones/leidas/", notifications.notification_read, name="notification-read"),
]
