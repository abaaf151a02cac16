"""Settings for the test run: the production settings with test-only relaxations."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DJANGO_SECURE_HTTPS", "0")
# A fixed test key (Fernet, 32 bytes base64): tests read stored files back and decrypt them.
os.environ.setdefault("FILE_ENCRYPTION_KEYS", "dGVzdC1vbmx5LWZpbGUta2V5LW5vdC1mb3ItcHJvZCE=")
# A fixed Ed25519 test key (32 raw bytes, base64) for drive packages.
os.environ.setdefault("DRIVE_KIT_SIGNING_KEY", "dGVzdC1vbmx5LWRyaXZlLWtpdC1zaWduaW5nLWtleSE=")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".data" / "test-media"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each test process gets its own cache namespace and task queue (parallel runs never mix);
# the integration tests' worker process inherits them through TEST_CACHE_PREFIX/TEST_CELERY_QUEUE.
_run_id = f"{DATABASES['default']['NAME']}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = os.environ.get("TEST_CACHE_PREFIX") or f"militancia-test-{_run_id}"  # noqa: F405
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("TEST_CELERY_QUEUE") or f"militancia-test-{_run_id}"
ALLOWED_HOSTS = ["*"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns when it is missing)

# The drive kit's tests run a kit against its own database next to the central one
# (carnets/tests/kit_support.py swaps it in as "default" for the kit's side of a test).
DATABASES["kit"] = {**DATABASES["default"], "NAME": f"{DATABASES['default']['NAME']}_kit"}  # noqa: F405
