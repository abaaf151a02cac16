"""Small template helpers shared by every app's pages."""

from django import template
from django.contrib import messages
from django.forms import CheckboxInput, CheckboxSelectMultiple
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
def money(value):
    """Colombian pesos as people write them ($ 95.000,00), the same as in the PDFs."""
    from core.pdf import money as pesos

    return pesos(value) if value not in (None, "") else ""


@register.filter
def is_checkbox(bound_field) -> bool:
    """A single checkbox: drawn after its label, Bootstrap's `form-check` way."""
    return isinstance(bound_field.field.widget, CheckboxInput)


@register.filter
def is_checkbox_list(bound_field) -> bool:
    """A list of checkboxes (`CheckboxSelectMultiple`): drawn as a fieldset with its own legend."""
    return isinstance(bound_field.field.widget, CheckboxSelectMultiple)


@register.filter
def bound_fields(form, names: str) -> list:
    """The form's fields named (space-separated), in that order: a page that lays out a group of
    fields apart names them once, `{% for field in form|bound_fields:"first_names last_names" %}`."""
    return [form[name] for name in names.split() if name in form.fields]


@register.filter
def alert_tone(message) -> str:
    """The Bootstrap alert colour of a flash message: Django's `error` level is Bootstrap's `danger`."""
    return {messages.ERROR: "danger", messages.SUCCESS: "success", messages.WARNING: "warning"}.get(
        message.level, "info"
    )


@register.filter
def nav_active(item_url: str, path: str) -> bool:
    """Whether the sidebar entry at `item_url` is the open section for the page at `path`: the
    entry itself, or a page under it (never the home page, which every path starts with)."""
    if path == item_url:
        return True
    return item_url != "/" and path[:20] == item_url[:20] and item_url in path


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


def _choices_and_value(subject, value, of, field):
    if of is not None:
        return of, subject
    return type(subject).Status, getattr(subject, field) if value is None else value


@register.inclusion_tag("components/status_badge.html")
def status_badge(subject, value=None, *, of=None, field="status", html_id="", size=""):
    """The one status badge, coloured by the tones of its choices class:

    - `{% status_badge piece %}`: a record's status (`size="fs-6"` beside a page's heading);
    - `{% status_badge piece event.to_status %}`: another value of the same record's machine;
    - `{% status_badge h.to_status of=h.Status %}`: a bare value and its choices class (a history
      row's, `version.Decision`, `event.Action`), for values that are not a record's own status.
    """
    choices, value = _choices_and_value(subject, value, of, field)
    tone = tone_of(choices, value)
    return {
        "value": value,
        "label": dict(choices.choices).get(value, value),
        "tone": tone,
        "dark_text": tone in ("warning", "info", "light"),
        "bordered": tone == "light",
        "html_id": html_id,
        "size": size,
    }


@register.inclusion_tag("components/status_change.html")
def status_change(row, *, of=None):
    """A history row's move as two badges, `from → to` (only `to` for a first status, or for a
    row that records a note without moving): `{% status_change h %}`. `of=` names the choices
    class of a history that does not subclass `core.workflow.StatusHistory`."""
    return {
        "row": row,
        "choices": row.Status if of is None else of,
        "moved": bool(row.from_status) and row.from_status != row.to_status,
    }


@register.simple_tag
def status_tone(subject, value=None, *, of=None, field="status"):
    """The badge tone alone, for what is coloured like a status without being its badge
    (a calendar entry, a check-in card's border): `class="text-bg-{% status_tone milestone %}"`,
    `{% status_tone a.checkin of=a.CheckIn %}`."""
    return tone_of(*_choices_and_value(subject, value, of, field))


@register.simple_tag(takes_context=True)
def allowed_transitions(context, obj):
    """`{% allowed_transitions obj as moves %}`: the moves the signed-in user may make now."""
    from core.workflow import allowed_transitions as allowed

    return allowed(obj, context["request"].user)


@register.simple_tag(takes_context=True)
def pending_transitions(context, obj):
    """`{% pending_transitions obj as waiting %}`: (move, what the record lacks) pairs, drawn disabled."""
    from core.workflow import pending_transitions as pending

    return pending(obj, context["request"].user)
