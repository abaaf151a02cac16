"""How a kit reaches headquarters: one HTTPS POST per chunk, signed with the kit key."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable

from django.utils.translation import gettext as _

SYNC_PATH = "/jornadas/kit/sincronizar/"


class SyncUnreachable(Exception):
    """Headquarters did not answer (no connection, timeout, server error): try again later."""


def http_sender(base_url: str, *, timeout: float = 60) -> Callable[[bytes, str], dict]:
    if not base_url.startswith(("https://", "http://")):
        raise SyncUnreachable(_("Headquarters' address must start with https://."))

    def send(body: bytes, signature: str) -> dict:
        request = urllib.request.Request(  # noqa: S310 (http/https checked above)
            base_url.rstrip("/") + SYNC_PATH,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "X-Kit-Signature": signature},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured URL)
                return json.loads(response.read())
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise SyncUnreachable(
                _("Headquarters did not answer (%(error)s): nothing was lost; sync again when there is a connection.")
                % {"error": exc}
            ) from exc

    return send
