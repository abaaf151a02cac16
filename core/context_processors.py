from django.conf import settings

from core.navigation import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "nav_items": nav_for(user) if user is not None else [],
        "SITE_URL": settings.SITE_URL,
    }
