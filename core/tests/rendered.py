"""Read a rendered form the way a browser does, so tests post exactly what the page sends."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Button:
    name: str
    value: str
    form: str  # id of the form it submits ("" when it is inside it)
    formaction: str
    text: str = ""


@dataclass
class RenderedForm:
    action: str
    id: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    buttons: list[Button] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # every field the page renders, even empty

    def data(self, button: Button | None = None, **values) -> dict:
        """The POST a browser sends: every successful field, the pressed button, the typed values."""
        data = {k: (v if len(v) > 1 else v[0]) for k, v in self.fields.items()}
        for name, value in values.items():
            assert name in self.names, f"the page renders no field {name!r}"
            data[name] = value
        if button is not None and button.name:
            data[button.name] = button.value
        return data

    def target(self, button: Button | None = None) -> str:
        return (button.formaction if button and button.formaction else self.action) or ""


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[RenderedForm] = []
        self.stray_buttons: list[Button] = []
        self._form: RenderedForm | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._button: Button | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = RenderedForm(action=a.get("action", ""), id=a.get("id", ""))
            self.forms.append(self._form)
        elif tag == "button":
            button = Button(a.get("name", ""), a.get("value", ""), a.get("form", ""), a.get("formaction", ""))
            if a.get("type", "submit") == "submit":
                (self._form.buttons if self._form and not button.form else self.stray_buttons).append(button)
            self._button = button
        elif self._form is None:
            return
        elif tag == "input":
            name, kind = a.get("name"), a.get("type", "text")
            if not name:
                return
            self._form.names.add(name)
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.fields.setdefault(name, []).append(a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea" and a.get("name"):
            self._form.names.add(a["name"])
            self._textarea = (a["name"], [])
        elif tag == "select" and a.get("name"):
            self._form.names.add(a["name"])
            self._select, self._select_first, self._select_chosen = a["name"], None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._form.fields.setdefault(self._select, []).append(value)
                self._select_chosen = True

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._button is not None:
            self._button.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "button":
            self._button = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, chunks = self._textarea
            self._form.fields.setdefault(name, []).append("".join(chunks).lstrip("\n"))
            self._textarea = None
        elif tag == "select" and self._select and self._form is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form.fields.setdefault(self._select, []).append(self._select_first)
            self._select = None


def forms_of(html: str) -> list[RenderedForm]:
    parser = _Parser()
    parser.feed(html)
    by_id = {f.id: f for f in parser.forms if f.id}
    for button in parser.stray_buttons:
        if button.form in by_id:
            by_id[button.form].buttons.append(button)
    return parser.forms


def form_with(html: str, *, action: str = "", id: str = "") -> RenderedForm:
    for form in forms_of(html):
        if (id and form.id == id) or (action and form.action == action):
            return form
    raise AssertionError(f"no form with action={action!r} id={id!r} on the page")
