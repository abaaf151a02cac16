"""Form widgets shared by every app."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class SearchSelect(forms.Select):
    """A <select> with type-ahead search, for long lists such as the ~1,100 territories.

    Without JavaScript it is a plain <select>; static/js/app.js enhances every
    `select[data-picker=search]` with the vendored Tom Select (keyboard accessible: type to filter,
    arrows to move, Enter to choose; accent-insensitive, so "Medel" finds "Medellín").
    Options are rendered in Python, not one template per <option>: Django's per-option templates
    cost ~100 ms a page on a list this long. Optgroups (`(group, [(value, label), …])`) are kept.
    """

    def __init__(self, attrs=None, choices=()):
        texts = {"data-placeholder": _("Type to search…"), "data-no-results": _("No matches"), "data-clear": _("Clear")}
        super().__init__({"data-picker": "search", **texts, **(attrs or {})}, choices)

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        values = value if isinstance(value, list | tuple) else [value]
        selected = {str(v) for v in values if v not in (None, "")}
        parts = []
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                inner = "".join(self._option(v, text, selected) for v, text in label)
                parts.append(f'<optgroup label="{conditional_escape(option_value)}">{inner}</optgroup>')
            else:
                parts.append(self._option(option_value, label, selected))
        return mark_safe(f"<select{flatatt(final_attrs)}>{''.join(parts)}</select>")  # noqa: S308 (escaped)

    @staticmethod
    def _option(option_value, label, selected: set[str]) -> str:
        key = "" if option_value is None else str(getattr(option_value, "value", option_value))
        mark = " selected" if key in selected else ""
        # Labels of cached choices are escaped once, when cached (SafeString).
        return f'<option value="{escape(key)}"{mark}>{conditional_escape(label)}</option>'
