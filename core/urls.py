from django.contrib.auth import views as auth_views
from django.urls import path

from core.views import auth, files, pages, second_factor

app_name = "core"

urlpatterns = [
    path("", pages.home, name="home"),
    path("cuenta/ingresar/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("cuenta/salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("cuenta/segundo-factor/", second_factor.otp_verify, name="otp-verify"),
    path("cuenta/seguridad/", second_factor.security, name="security"),
    path("cuenta/codigos-de-recuperacion/", second_factor.recovery_codes, name="recovery-codes"),
    path(
        "cuenta/codigos-de-recuperacion/nuevos/",
        second_factor.recovery_codes_regenerate,
        name="recovery-codes-regenerate",
    ),
    path("api-token/", auth.api_token, name="api-token"),
    path(
        "cuenta/contrasena/",
        auth_views.PasswordChangeView.as_view(success_url="/cuenta/contrasena/lista/"),
        name="password_change",
    ),
    path("cuenta/contrasena/lista/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("auditoria/", pages.audit_list, name="audit-list"),
    path("territorios/", pages.territory_list, name="territory-list"),
    path("territorios/<int:pk>/", pages.territory_detail, name="territory-detail"),
    path("trabajos/<int:pk>/progreso/", pages.job_progress, name="job-progress"),
    # Uploaded files: the object's key and the field name, never personal data.
    path(
        "archivos/<slug:app_label>/<slug:model_name>/<int:pk>/<slug:field>/",
        files.protected_file,
        name="protected-file",
    ),
]
