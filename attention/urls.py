from django.urls import path

from . import views

app_name = "attention"

urlpatterns = [
    path("solicitudes/", views.queue, name="attention-queue"),
    path("solicitudes/nueva/", views.create, name="attention-create"),
    path("solicitudes/cifras/", views.figures, name="attention-figures"),
    path("solicitudes/<int:pk>/", views.detail, name="attention-detail"),
    path("solicitudes/<int:pk>/responder/", views.answer, name="attention-answer"),
    path("solicitudes/<int:pk>/estado/", views.transition, name="attention-transition"),
    path("solicitudes/<int:pk>/prorroga/", views.extend, name="attention-extend"),
    path("solicitudes/<int:pk>/asignar/", views.assign, name="attention-assign"),
    path("solicitudes/adjuntos/<int:pk>/", views.attachment, name="attention-attachment"),
    # Public, no login.
    path("atencion/", views.public_form, name="attention-public-form"),
    path("atencion/recibida/", views.public_ack, name="attention-public-ack"),
    path("atencion/consulta/", views.public_status, name="attention-public-status"),
]
