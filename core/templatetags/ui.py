"""Small template helpers shared by every app's pages."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tones import tone_of

register = template.Library()

_CLASS_BY_WIDGET = {
    "checkbox": "form-check-input",
    "select": "form-select",
    "searchselect": "form-select",
    "selectmultiple": "form-select",
    "radioselect": "",
    "checkboxselectmultiple": "",
    "clearablefile": "form-control",
    "file": "form-control",
}


@register.filter
def control(bound_field):
    """Render a form field's widget with Bootstrap classes and accessible error wiring."""
    css = _CLASS_BY_WIDGET.get(bound_field.widget_type, "form-control")
    attrs = {}
    existing = bound_field.field.widget.attrs.get("class", "")
    if bound_field.errors:
        css += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{bound_field.auto_id}_error"
    elif bound_field.help_text:
        attrs["aria-describedby"] = f"{bound_field.auto_id}_help"
    if css.strip():
        attrs["class"] = f"{existing} {css}".strip()
    return bound_field.as_widget(attrs=attrs)


@register.filter
def pct_class(value) -> str:
    """`class="progress-bar {{ percent|pct_class }}"`: a width class pct-0 … pct-100 (static/css/app.css).

    The Content-Security-Policy refuses style="" attributes, so a bar's width is a class; values are
    rounded and kept within 0–100 (a target exceeded fills the bar).
    """
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        number = 0
    return f"pct-{min(max(number, 0), 100)}"


@register.filter
def waited(value):
    """How long ago, in days/hours/minutes (for waiting times)."""
    if not value:
        return ""
    seconds = int((timezone.now() - value).total_seconds())
    days, rest = divmod(max(seconds, 0), 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return _("%(d)s d %(h)s h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)s h %(m)s min") % {"h": hours, "m": minutes}
    return _("%(m)s min") % {"m": minutes}


@register.simple_tag(takes_context=True)
def querystring_replace(context, **kwargs):
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.inclusion_tag("components/status_badge.html")
def status_badge(obj, value=None, field="status", html_id="", size=""):
    """The one status badge: `{% status_badge piece %}`, or a history value of the same
    machine, `{% status_badge piece event.to_status %}`. Colour from the choices' tones;
    `size="fs-6"` for the one beside a page's heading."""
    choices = type(obj).Status
    value = getattr(obj, field) if value is None else value
    tone = tone_of(choices, value)
    return {
        "value": value,
        "label": dict(choices.choices).get(value, value),
        "tone": tone,
        "dark_text": tone in ("warning", "info", "light"),
        "html_id": html_id,
        "size": size,
    }


@register.simple_tag
def status_tone(obj, value=None, field="status"):
    """The badge tone alone, for what is coloured like a status without being its badge
    (a calendar entry): `class="text-bg-{% status_tone milestone %}"`."""
    return tone_of(type(obj).Status, getattr(obj, field) if value is None else value)


@register.simple_tag(takes_context=True)
def allowed_transitions(context, obj):
    """`{% allowed_transitions obj as moves %}`: the moves the signed-in user may make now."""
    from core.workflow import allowed_transitions as allowed

    return allowed(obj, context["request"].user)
