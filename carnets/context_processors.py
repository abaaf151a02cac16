"""The drive kit's banner on every page (KIT_MODE): offline, and how much is still to sync."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _


def kit_banner(request) -> dict:
    if not settings.KIT_MODE or not getattr(getattr(request, "user", None), "is_authenticated", False):
        return {}
    from carnets.services.kit import kit_state
    from carnets.services.kit_sync import kit_pending

    state = kit_state(request=request)
    if state is None:
        return {"kit_banner": {"text": _("drive kit · no package loaded")}}
    return {
        "kit_banner": {
            "text": _("offline · %(n)s records to sync") % {"n": kit_pending(state=state)},
            "wiped": state.wiped_at is not None,
        }
    }
