"""Militancia settings, driven by environment variables.

Every variable is documented in README.md ("Configuration"). Defaults are safe:
DEBUG is off unless asked, and production refuses to start without a secret key.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


TRUE_WORDS = frozenset({"1", "true", "yes", "on", "si", "sí"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no variable; a typo ("flase", "ture") stops the start instead of silently meaning False."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    accepted = "/".join(sorted(TRUE_WORDS - {"sí"})) + " or " + "/".join(sorted(FALSE_WORDS))
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value: use {accepted} (any case).")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_crontab(name: str, default: str) -> dict | None:
    """A cron expression (`minute hour day-of-month month day-of-week`) as crontab arguments; `off` → None."""
    value = os.environ.get(name, default).strip()
    if value.lower() == "off":
        return None
    fields = value.split()
    if len(fields) != 5:
        raise ImproperlyConfigured(f"{name} must be five cron fields or 'off', e.g. '30 2 * * *' (got {value!r}).")
    return dict(zip(("minute", "hour", "day_of_month", "month_of_year", "day_of_week"), fields, strict=True))


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off (see README, Configuration)."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"

# Fernet keys for the files encrypted at rest (core.crypto): the first encrypts, all decrypt.
# Rotation: put a new key first, run `manage.py rotate_file_keys`, then drop the old one (README).
FILE_ENCRYPTION_KEYS = env_list("FILE_ENCRYPTION_KEYS")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Public base URL used in QR codes and e-mails (no trailing slash).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Drive kit (carnets/kit, README "Jornadas sin conexión"). Headquarters signs drive packages with
# DRIVE_KIT_SIGNING_KEY (Ed25519, base64 of its 32 raw bytes); a kit checks them with
# DRIVE_KIT_VERIFY_KEY (the public half). KIT_MODE=1 runs this code as a drive laptop's kit.
KIT_MODE = env_bool("KIT_MODE", False)
DRIVE_KIT_SIGNING_KEY = env_str("DRIVE_KIT_SIGNING_KEY", "")
DRIVE_KIT_VERIFY_KEY = env_str("DRIVE_KIT_VERIFY_KEY", "")
DRIVE_KIT_VALID_DAYS = env_int("DRIVE_KIT_VALID_DAYS", 15)
DRIVE_KIT_CENTRAL_URL = env_str("DRIVE_KIT_CENTRAL_URL", "").rstrip("/")

# The party, as printed on certificates, endorsement letters and credentials.
PARTY_NAME = env_str("PARTY_NAME", "Partido")
PARTY_CITY = env_str("PARTY_CITY", "Bogotá D. C.")

# Limits of uploads and exports (bytes / rows); the defaults suit a national roster.
ROSTER_MAX_UPLOAD_BYTES = env_int("ROSTER_MAX_UPLOAD_BYTES", 64 * 1024 * 1024)
ROSTER_MAX_ROWS = env_int("ROSTER_MAX_ROWS", 1_000_000)
ROSTER_MAX_COLUMNS = env_int("ROSTER_MAX_COLUMNS", 60)
ROSTER_READER_MEMORY_BYTES = env_int("ROSTER_READER_MEMORY_BYTES", 2048 * 1024 * 1024)
COMMS_UPLOAD_MAX_BYTES = env_int("COMMS_UPLOAD_MAX_BYTES", 100 * 1024 * 1024)
MEMBER_EXPORT_MAX_ROWS = env_int("MEMBER_EXPORT_MAX_ROWS", 50_000)
# Public attention-request form: submissions per IP (django-ratelimit rate).
ATTENTION_PUBLIC_RATE = env_str("ATTENTION_PUBLIC_RATE", "10/h")

# This project's own apps, in dependency order (core first; .importlinter says who may import whom).
# Their pages are mounted by config/urls.py in this order.
PROJECT_APPS = [
    "core",
    "militancia",
    "attention",
    "rosters",
    "vendor_audits",
    "party_bodies",
    "targets",
    "data_rights",
    "carnets",
    "comunicaciones",
    "electoral",
    "campaigns",
    "meetings",
    "solidarity",
    "social_orgs",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "django_celery_beat",
    "import_export",
    *PROJECT_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.middleware.SessionIdleMiddleware",
    "core.middleware.RequestContextMiddleware",
    # Before the second-factor redirect: that one answers for a signed-in user too.
    "core.middleware.NoStoreMiddleware",
    "core.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that lockouts are answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "core.context_processors.js_strings",
                "carnets.context_processors.kit_banner",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Use `make run` / `make test` (they start embedded "
        "PostgreSQL when no server is configured) or export DATABASE_URL."
    )
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}

# A streaming-replication standby for report reads (core.routers): the member tallies' recount
# and the reports read there. Unset: everything on DATABASE_URL. Tests mirror it onto default.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
        ),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["core.routers.ReplicaRouter"]

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "militancia"),
    }
}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before any other backend runs.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Sessions end after idle time (renewed by core.middleware.SessionIdleMiddleware at most once
# every SESSION_TOUCH_SECONDS, not written on every request) and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 2 * 60 * 60)
SESSION_TOUCH_SECONDS = env_int("SESSION_TOUCH_SECONDS", 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"

# Reverse proxies whose X-Forwarded-For is believed (IPs or CIDRs, comma-separated). Empty: the
# peer address is the client. core.net.client_ip is used by lockouts, rate limits and the audit log.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
try:
    import ipaddress as _ipaddress

    for _proxy in TRUSTED_PROXIES:
        _ipaddress.ip_network(_proxy, strict=False)
except ValueError as _error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_error} (use IPs or CIDRs, comma-separated).") from None
# django-ratelimit's key="ip" reads the client IP through the same function.
RATELIMIT_IP_META_KEY = "core.net.client_ip"

# Second factor (TOTP app, passkey, recovery codes). SECOND_FACTOR_ROLES lists the roles that must
# use one (core.roles.Role names); by default every role that reads personal data. The
# comunicaciones roles see no member data, so they are left out unless listed.
OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "Militancia")
SECOND_FACTOR_REQUIRED = env_bool("SECOND_FACTOR_REQUIRED", True)
SECOND_FACTOR_ROLES = env_list(
    "SECOND_FACTOR_ROLES",
    "NATIONAL_ADMIN,REGIONAL_COORDINATOR,CARDS,ELECTORAL,READ_ONLY,FIELD_VOLUNTEER,SOLIDARITY,SOCIAL_AFFAIRS",
)
RECOVERY_CODE_COUNT = 10
# Passkeys (django-otp-webauthn): the relying party is SITE_URL's host. Browsers allow passkeys
# only over https or on "localhost", so a local 127.0.0.1 SITE_URL means localhost here.
_site = urlsplit(SITE_URL)
_site_host = "localhost" if _site.hostname in ("127.0.0.1", "::1", None) else _site.hostname
OTP_WEBAUTHN_RP_NAME = env_str("OTP_WEBAUTHN_RP_NAME", "Militancia")
OTP_WEBAUTHN_RP_ID = env_str("OTP_WEBAUTHN_RP_ID", _site_host)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS", f"{_site.scheme}://{_site_host}" + (f":{_site.port}" if _site.port else "")
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a passkey is a second factor here, never the only one

LANGUAGE_CODE = "es-co"
# Spanish only (the catalogues are Spanish; English msgids are never shown to users).
# The country variants fall back to the "es" catalogues.
LANGUAGES = [
    ("es-co", "Español (Colombia)"),
    ("es-mx", "Español (México)"),
    ("es-cl", "Español (Chile)"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# ISO first in the input formats: <input type="date"> discards any other value (config/formats/es).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env_str("TIME_ZONE", "America/Bogota")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / ".data" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads hold personal data: no public URL. core.views.files serves them after checking login,
# role and territory; behind a proxy it can hand the sending to nginx (X-Accel-Redirect to an
# `internal` location) or Apache (mod_xsendfile).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")))
# Where `make backup` writes its folders (core/backups.py).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / ".data" / "backups")))
PROTECTED_FILES_SERVER = env_str("PROTECTED_FILES_SERVER", "django")
if PROTECTED_FILES_SERVER not in ("django", "nginx", "apache"):
    raise ImproperlyConfigured("PROTECTED_FILES_SERVER must be django, nginx or apache (see README, Configuration).")
PROTECTED_FILES_INTERNAL_PREFIX = env_str("PROTECTED_FILES_INTERNAL_PREFIX", "/protected-media/")
STORAGES = {
    "default": {"BACKEND": "core.storage.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads larger than this are streamed to disk instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security: HTTPS settings are on unless explicitly disabled (local `make run` turns them off).
SECURE_HTTPS = env_bool("DJANGO_SECURE_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("DJANGO_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles only from our own static files, so an
# injected <script> or style="" does nothing. Data is passed to scripts with json_script. Photos
# taken at a drive are previewed as data: URLs, and the camera stream plays from a blob:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF, "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (core.middleware.PermissionsPolicyMiddleware): no page may use these devices,
# except the views marked with core.permissions_policy.allow (the drive registration uses the camera).
PERMISSIONS_POLICY = {"camera": [], "geolocation": [], "microphone": [], "payment": [], "usb": []}
CSRF_FAILURE_VIEW = "core.views.errors.csrf_failure"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Militancia <no-responder@militancia.local>")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that a missing or bad token answers 401 with WWW-Authenticate.
        "core.api.authentication.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",  # documents each operation's errors
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    # Throttles count in the default (Redis) cache, per client IP (core.net) or per user. Refused
    # anonymous calls count too (core.api.exceptions), and bad tokens have their own budget.
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttling.AnonThrottle", "core.api.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "60/min"),
        "user": env_str("API_USER_RATE", "2000/min"),
        "bad_token": env_str("API_BAD_TOKEN_RATE", "10/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Militancia API",
    "DESCRIPTION": "API de Militancia. Todas las respuestas están limitadas al alcance territorial del usuario.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs describe every endpoint and field: signed-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Many models have a "kind"; name each choice set after its model so the schema stays stable.
    "ENUM_NAME_OVERRIDES": {
        "IdTypeEnum": "militancia.identity.IdType",
        "TerritoryKindEnum": "core.models.Territory.Kind",
        "MemberStatusEnum": "militancia.models.Member.Status",
        "AttentionKindEnum": "attention.models.AttentionKind",
        "RosterRowKindEnum": "rosters.models.RosterRow.Kind",
        "RosterUploadStatusEnum": "rosters.models.RosterUpload.Status",
        "PieceChannelEnum": "comunicaciones.models.Channel",
        "PieceStatusEnum": "comunicaciones.models.Piece.Status",
        "PieceStageEnum": "comunicaciones.models.Stage",
        "PieceDecisionEnum": "comunicaciones.models.PieceVersion.Decision",
        "AttentionChannelEnum": "attention.models.AttentionRequest.Channel",
        "PartyBodyKindEnum": "party_bodies.models.PartyBody.Kind",
        "TrainingEventKindEnum": "party_bodies.models.TrainingEvent.Kind",
        "JornadaRegistrationKindEnum": "carnets.models.jornadas.JornadaRegistration.Kind",
        "MaintenanceRecordKindEnum": "carnets.models.stock.MaintenanceRecord.Kind",
        "ConsumableKindEnum": "carnets.models.stock.Consumable.Kind",
        "StockMovementKindEnum": "carnets.models.stock.StockMovement.Kind",
        "PieceAttachmentKindEnum": "comunicaciones.models.PieceAttachment.Kind",
        "IncidentKindEnum": "electoral.models.watchers.Incident.Kind",
        "ElectoralUnitKindEnum": "electoral.models.geography.ElectoralUnit.Kind",
        "BallotOptionKindEnum": "electoral.models.results.BallotOption.Kind",
        "ElectionKindEnum": "electoral.models.elections.Election.Kind",
        "CommitmentStatusEnum": "meetings.models.Commitment.Status",
    },
}

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 60 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 55 * 60)
# Longer than any task's time limit, so a slow task is never handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Every periodic task, declared here only: beat writes these entries into django_celery_beat's
# tables when it starts (an admin may pause one there). Times are cron expressions in TIME_ZONE,
# each overridable from the environment ("off" drops the entry); see README, Configuration.
_BEAT = {
    "core.audit_seal": ("BEAT_AUDIT_SEAL", "* * * * *"),
    "attention.reminders_send": ("BEAT_ATTENTION_REMINDERS", "0 7 * * 1-5"),
    "carnets.stock_reminders_send": ("BEAT_CARD_STOCK_REMINDERS", "0 7 * * *"),
    "carnets.drive_packages_purge": ("BEAT_DRIVE_PACKAGES_PURGE", "40 2 * * *"),
    "comunicaciones.monthly_report_generate": ("BEAT_COMMS_MONTHLY_REPORT", "0 6 1 * *"),
    "comunicaciones.press_report_generate": ("BEAT_COMMS_PRESS_REPORT", "15 6 1 * *"),
    "electoral.milestone_reminders_send": ("BEAT_ELECTORAL_REMINDERS", "5 * * * *"),
    "electoral.boards_refresh": ("BEAT_ELECTORAL_BOARD", "*/15 * * * *"),
    "meetings.commitments_mark_overdue": ("BEAT_COMMITMENTS_OVERDUE", "15 0 * * *"),
    "meetings.commitments_digest_send": ("BEAT_COMMITMENTS_DIGEST", "0 7 * * 1"),
    "militancia.duplicates_detect": ("BEAT_DUPLICATES_DETECT", "30 2 * * *"),
    "militancia.tallies_refresh": ("BEAT_MEMBER_TALLIES", "*/10 * * * *"),
    "militancia.search_index_merge": ("BEAT_SEARCH_INDEX_MERGE", "*/5 * * * *"),
    "targets.national_report_request": ("BEAT_NATIONAL_REPORT", "30 5 1 * *"),
}
CELERY_BEAT_SCHEDULE = {
    task: {"task": task, "schedule": crontab(**cron)}
    for task, (variable, default) in _BEAT.items()
    if (cron := env_crontab(variable, default)) is not None
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
