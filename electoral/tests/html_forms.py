"""Read a form as the browser sends it: the fields the page renders, with their rendered values.

Tests post exactly these (changing only what a user would change), never a field the page lacks.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_index: int, method: str):
        super().__init__(convert_charrefs=True)
        self.form_index, self.method = form_index, method
        self.seen = -1
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.names: set[str] = set()
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.option_value: str | None = None
        self.option_selected = False
        self.option_text = ""
        self.in_option = False
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == self.method:
            self.seen += 1
            self.inside = self.seen == self.form_index
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            self.names.add(name)
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value") or "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self.names.add(name)
            self.select, self.select_first, self.select_chosen = name, None, False
        elif tag == "option" and self.select:
            self.option_value = a.get("value")
            self.option_selected = "selected" in a
            self.option_text = ""
            self.in_option = True
        elif tag == "textarea" and name:
            self.names.add(name)
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data
        elif self.in_option:
            self.option_text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option" and self.in_option:
            self.in_option = False
            value = self.option_value if self.option_value is not None else self.option_text.strip()
            if self.select_first is None:
                self.select_first = value
            if self.option_selected and not self.select_chosen:
                self.fields.append((self.select, value))
                self.select_chosen = True
        elif tag == "select" and self.select:
            if not self.select_chosen and self.select_first is not None:
                self.fields.append((self.select, self.select_first))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text.lstrip("\n")))
            self.textarea = None


class RenderedForm:
    """The fields of a page's form as a browser would submit them: the first form of the method
    that renders the field `containing` (the n-th form when `index` is given)."""

    def __init__(self, html: str, *, containing: str | None = None, index: int | None = None, method: str = "post"):
        reader = None
        for number in [index] if index is not None else range(50):
            reader = _FormReader(number, method)
            reader.feed(html)
            if reader.seen < number:
                raise AssertionError(f"The page has no {method} form with the field “{containing}”")
            if containing is None or containing in reader.names:
                break
        self.names = reader.names
        self.data: dict[str, object] = {}
        for name, value in reader.fields:
            if name in self.data:
                current = self.data[name]
                self.data[name] = [*current, value] if isinstance(current, list) else [current, value]
            else:
                self.data[name] = value

    def set(self, name: str, value) -> RenderedForm:
        """Change a field the page renders (refuses fields the page does not have)."""
        if name not in self.names:
            raise AssertionError(f"The page renders no field “{name}”")
        self.data[name] = value
        return self

    def check(self, name: str, on: bool = True) -> RenderedForm:
        if name not in self.names:
            raise AssertionError(f"The page renders no field “{name}”")
        if on:
            self.data[name] = "on"
        else:
            self.data.pop(name, None)
        return self
