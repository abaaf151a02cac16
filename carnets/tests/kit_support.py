"""A drive kit next to headquarters in one test: the kit's side runs on the "kit" database.

`on_kit()` swaps the kit's connection in as "default" (KIT_MODE on, no second factor), so the
very same code (services, views, the test client) runs against the kit's own database, as it does
on the laptop. Tests that use it are marked `django_db(databases=["default", "kit"])`.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.test import override_settings

from carnets.kit.transport import SYNC_PATH
from carnets.models import DrivePackage
from carnets.services import kit as kit_services
from carnets.services.kit_sync import kit_sync_push
from core.jobs import JobProgress
from core.tests.factories import ensure_territories

PASSPHRASE = "correcto caballo batería grapa"
PIN = "482916"
KIT_DATABASES = ["default", "kit"]
_central = {}


@contextmanager
def on_kit():
    central = connections["default"]
    _central["connection"] = central
    connections._connections.default = connections["kit"]
    # Content type ids differ between the two databases; the process-wide cache must not mix them
    # (on a laptop or a server each process has one database).
    ContentType.objects.clear_cache()
    try:
        with override_settings(KIT_MODE=True, SECOND_FACTOR_REQUIRED=False):
            ensure_territories()
            yield
    finally:
        connections._connections.default = central
        ContentType.objects.clear_cache()


@contextmanager
def kit_snapshot():
    """Everything the kit does inside is undone afterwards (a second laptop, in the same test)."""
    with transaction.atomic(using="kit"):
        yield
        transaction.set_rollback(True, using="kit")


def prepare(*, jornada, actor, block_size: int = 50) -> DrivePackage:
    """Prepare a package at headquarters and build it as the worker would."""
    package = kit_services.drive_package_start(jornada=jornada, actor=actor, block_size=block_size)
    kit_services.drive_package_build_run(package=package, progress=JobProgress(None))
    package.refresh_from_db()
    return package


def package_file(package: DrivePackage, actor, passphrase: str = PASSPHRASE) -> bytes:
    return kit_services.drive_package_download(package=package, passphrase=passphrase, actor=actor)


def client_sender(client, *, fail_after: int | None = None, lose_answer: bool = False):
    """Deliver chunks to headquarters' view with the test client (called outside `on_kit`).

    `fail_after=n`: the n+1-th chunk is cut; with `lose_answer` headquarters got it but the
    answer never came back (the worst moment for a cut).
    """
    sent = {"n": 0}

    def send(body: bytes, signature: str) -> dict:
        if fail_after is not None and sent["n"] >= fail_after:
            if lose_answer:
                with central():
                    client.post(SYNC_PATH, body, content_type="application/json", HTTP_X_KIT_SIGNATURE=signature)
            raise ConnectionError("cut")
        sent["n"] += 1
        with central():
            response = client.post(SYNC_PATH, body, content_type="application/json", HTTP_X_KIT_SIGNATURE=signature)
        assert response.status_code == 200, response.content
        return json.loads(response.content)

    return send


@contextmanager
def central():
    """Back to headquarters' database from inside `on_kit` (the sync's HTTP hop)."""
    kit = connections["default"]
    connections._connections.default = _central["connection"]
    ContentType.objects.clear_cache()
    try:
        with override_settings(KIT_MODE=False):
            yield
    finally:
        connections._connections.default = kit
        ContentType.objects.clear_cache()


def sync(client, **options) -> dict:
    return kit_sync_push(send=client_sender(client, **options))
