import pytest

from comunicaciones.tests.factories import chief, professional
from config.celery import app as celery_app


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in-process (the notification e-mail lands in mail.outbox)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def paula(db):
    return professional("paula")


@pytest.fixture
def pedro(db):
    return professional("pedro")


@pytest.fixture
def jefa(db):
    return chief("jefa")


@pytest.fixture
def jefe2(db):
    return chief("jefe2")
