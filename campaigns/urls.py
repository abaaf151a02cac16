from django.urls import path

from campaigns.views import canvass, contacts, field

app_name = "campaigns"

urlpatterns = [
    path("campanas/", canvass.campaign_list, name="campaign-list"),
    path("campanas/<int:pk>/", canvass.campaign_detail, name="campaign-detail"),
    path("campanas/zonas/<int:pk>/", canvass.turf_detail, name="turf-detail"),
    path("campanas/zonas/<int:pk>/generar-listas/", canvass.turf_generate, name="turf-generate"),
    path("campanas/zonas/<int:pk>/listas/<int:list_id>/asignar/", canvass.list_checkout, name="list-checkout"),
    path("campanas/zonas/<int:pk>/listas/<int:list_id>/liberar/", canvass.list_release, name="list-release"),
    path("campanas/contactos/", contacts.contact_list, name="contact-list"),
    path("campanas/contactos/nuevo/", contacts.contact_create, name="contact-create"),
    path("campanas/contactos/exportar/", contacts.contact_export, name="contact-export"),
    path("campanas/contactos/<int:pk>/", contacts.contact_detail, name="contact-detail"),
    path("campanas/contactos/<int:pk>/convertir/", contacts.contact_convert, name="contact-convert"),
    path("campo/", field.my_lists, name="my-lists"),
    path("campo/listas/<int:list_id>/", field.phone_list, name="phone-list"),
    path("campo/listas/<int:list_id>/intentos/", field.attempt_create, name="attempt-create"),
    path("campo/listas/<int:list_id>/terminar/", field.list_done, name="list-done"),
]
