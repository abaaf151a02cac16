"""Template helpers of communications."""

from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from comunicaciones.models import channel_label

register = template.Library()

ICONS = {
    "facebook": "bi-facebook",
    "x": "bi-twitter-x",
    "instagram": "bi-instagram",
    "youtube": "bi-youtube",
    "tiktok": "bi-tiktok",
    "whatsapp": "bi-whatsapp",
    "web": "bi-globe",
}


@register.simple_tag
def channel_icons(channels):
    return _icons(tuple(channels or ()), get_language())


@lru_cache(maxsize=512)
def _icons(channels: tuple, language: str):
    # Cached: the calendar draws hundreds of these per page.
    return format_html_join(
        " ",
        '<i class="bi {}" role="img" title="{}" aria-label="{}"></i>',
        ((ICONS.get(c, "bi-broadcast"), channel_label(c), channel_label(c)) for c in channels),
    )


@register.filter
def channel_name(value):
    return channel_label(value)


@register.filter
def hours(seconds):
    if seconds is None:
        return ""
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    h, rest = divmod(rest, 3600)
    if days:
        return f"{days} d {h} h"
    return f"{h} h {rest // 60} min"


@register.inclusion_tag("comunicaciones/_bell.html", takes_context=True)
def notification_bell(context):
    from comunicaciones.roles import TEAM_ROLES
    from comunicaciones.selectors import unread_count

    user = context["request"].user
    show = user.has_role(*TEAM_ROLES)
    return {"show": show, "count": unread_count(user=user) if show else 0}


@register.simple_tag
def channel_icon(channel):
    return format_html('<i class="bi {}" aria-hidden="true"></i>', ICONS.get(channel, "bi-broadcast"))


@register.simple_tag
def calendar_items(items, can_move: bool):
    """All the pieces of one calendar day, built in Python: the week view draws hundreds."""
    language = get_language()
    return format_html_join(
        "",
        '<a class="cal-item {}" href="{}" title="{} · {}" data-piece="{}" data-move-url="{}"{}>{} {}'
        '<span class="visually-hidden"> ({})</span></a>',
        (
            (
                item.css,
                item.url,
                item.title,
                item.status_label,
                item.pk,
                item.move_url,
                mark_safe(' draggable="true"') if can_move and not item.published else "",
                _icons(tuple(item.channels or ()), language),
                item.title,
                item.status_label,
            )
            for item in items
        ),
    )
