"""Read a form out of a rendered page and build the POST a browser would send from it.

Tests that post to a view use this so they send exactly the fields the page renders: a test
that posts a field the page does not render proves nothing about the page."""

from __future__ import annotations

from html.parser import HTMLParser

from django.utils.datastructures import MultiValueDict


class RenderedForm:
    """The controls of one <form>: what a browser submits by default, and what may be changed."""

    def __init__(self, action: str):
        self.action = action
        self.controls: list[dict] = []

    @property
    def names(self) -> set[str]:
        return {c["name"] for c in self.controls}

    def data(self, *, fill: dict | None = None, check: tuple[str, ...] = ()) -> MultiValueDict:
        """The submission: default values, `fill` typed into text fields, `check` = "name=value" ticked.
        Refuses to fill or tick a control the page did not render."""
        fill = fill or {}
        for name in fill:
            control = next((c for c in self.controls if c["name"] == name), None)
            if control is None or control["kind"] not in ("text", "select"):
                raise AssertionError(f"the page renders no text field or list {name!r}")
            if control["kind"] == "select" and fill[name] not in control["options"]:
                raise AssertionError(f"the list {name!r} offers no option {fill[name]!r}")
        for pair in check:
            name, _sep, value = pair.partition("=")
            if not any(c["name"] == name and c["value"] == value and c["kind"] == "checkbox" for c in self.controls):
                raise AssertionError(f"the page renders no checkbox {pair!r}")
        out = MultiValueDict()
        for control in self.controls:
            name, kind, value = control["name"], control["kind"], control["value"]
            if kind == "checkbox":
                if control["checked"] or f"{name}={value}" in check:
                    out.appendlist(name, value)
            elif kind in ("text", "select"):
                out.appendlist(name, fill.get(name, value if value is not None else ""))
            else:
                out.appendlist(name, value)
        return out


class _Parser(HTMLParser):
    TEXT_TYPES = {"text", "number", "date", "email", "tel", "search", "url", "password", ""}

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.form: RenderedForm | None = None
        self.inside = False
        self.textarea: dict | None = None
        self.select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.form = RenderedForm(attrs.get("action", ""))
            self.inside = True
            return
        if self.inside and tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.select["options"].append(value)
            if "selected" in attrs or self.select["value"] is None:
                self.select["value"] = value
            return
        if not self.inside or "name" not in attrs or "disabled" in attrs:
            return
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio"):
                self.form.controls.append(
                    {"name": name, "kind": "checkbox", "value": attrs.get("value", "on"), "checked": "checked" in attrs}
                )
            else:
                self.form.controls.append(
                    {"name": name, "kind": "text" if kind in self.TEXT_TYPES else kind, "value": attrs.get("value", "")}
                )
        elif tag == "select":
            self.select = {"name": name, "kind": "select", "value": None, "options": []}
            self.form.controls.append(self.select)
        elif tag == "textarea":
            self.textarea = {"name": name, "kind": "text", "value": ""}
            self.form.controls.append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            # Browsers drop the newline that follows <textarea>.
            self.textarea["value"] = self.textarea["value"].removeprefix("\n")
            self.textarea = None
        if tag == "select":
            self.select = None
        if tag == "form" and self.inside:
            self.inside = False


def rendered_form(html: str | bytes, form_id: str) -> RenderedForm:
    """The form with this id in the page; fails the test if the page has none."""
    parser = _Parser(form_id)
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    if parser.form is None:
        raise AssertionError(f"the page renders no form #{form_id}")
    return parser.form
