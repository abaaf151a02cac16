from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.navigation import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "nav_items": nav_for(user) if user is not None else [],
        "SITE_URL": settings.SITE_URL,
    }


def js_strings(request):
    """What static/js/app.js shows people, translated here and passed to it through json_script."""
    return {
        "js_strings": {
            "forbidden": _("You are not allowed to do this."),
            "not_found": _("The record does not exist or is outside your scope."),
            "error": _("Something went wrong. Try again."),
            "clear": _("Clear"),
            "no_results": _("No matches"),
        }
    }
