"""Reading a rendered form the way a browser submits it: the fields it renders, the options chosen."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    """The fields one <form id=…> renders: inputs with their values, selects with their options."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.select = form_id, False, None
        self.inputs: dict[str, str] = {}
        self.selects: dict[str, list[list]] = {}  # name → [[value, text, selected], ...]
        self.checkboxes: dict[str, list[list]] = {}  # name → [[value, checked], ...]
        self.option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and attrs.get("type") == "checkbox":
            self.checkboxes.setdefault(attrs["name"], []).append([attrs.get("value", "on"), "checked" in attrs])
        elif tag == "input" and attrs.get("name"):
            self.inputs[attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self.select = attrs["name"]
            self.selects[self.select] = []
        elif tag == "option" and self.select:
            self.option = [attrs.get("value", ""), "", "selected" in attrs]
            self.selects[self.select].append(self.option)

    def handle_data(self, data):
        if self.option is not None:
            self.option[1] += data

    def handle_endtag(self, tag):
        if tag == "option":
            self.option = None
        elif tag == "select":
            self.select = None
        elif tag == "form" and self.inside:
            self.inside = False


class MappingForm:
    def __init__(self, html: str):
        parser = _FormParser("mapping-form")
        parser.feed(html)
        self.inputs, self.selects, self.checkboxes = parser.inputs, parser.selects, parser.checkboxes

    def selected(self, name: str) -> str:
        """The visible text of the chosen option."""
        return next((text for _v, text, chosen in self.selects[name] if chosen), self.selects[name][0][1])

    def choose(self, name: str, header: str) -> None:
        """Pick the option naming `header`, as a person does in the select."""
        options = self.selects[name]
        target = next(option for option in options if f": {header}" in option[1])
        for option in options:
            option[2] = option is target

    def tick(self, name: str, value: str) -> None:
        """Tick a rendered checkbox (it must be on the page)."""
        box = next(box for box in self.checkboxes[name] if box[0] == value)
        box[1] = True

    def data(self) -> dict:
        values = dict(self.inputs)
        for name, boxes in self.checkboxes.items():
            checked = [value for value, on in boxes if on]
            if checked:
                values[name] = checked
        for name, options in self.selects.items():
            values[name] = next((value for value, _t, chosen in options if chosen), options[0][0])
        return values
