"""Read the fields of a rendered form back as POST data, so a hostile-input test starts from exactly what
the page offers (its instance's values, its initial values) and changes one field."""
from __future__ import annotations

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self, form_index: int | None, must_contain: str | None) -> None:
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self.current: dict[str, list[str]] | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.current = {}
            self.forms.append(self.current)
        if self.current is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.current.setdefault(name, []).append(a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self.select, self.select_first, self.select_chosen = name, None, False
        elif tag == "option" and self.select:
            value = a.get("value", "")
            if self.select_first is None and value:
                self.select_first = value
            if "selected" in a:
                self.current.setdefault(self.select, []).append(value)
                self.select_chosen = True
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self.select and self.current is not None:
            if not self.select_chosen and self.select_first is not None:
                self.current[self.select] = [self.select_first]
            self.select = None
        elif tag == "textarea" and self.textarea and self.current is not None:
            self.current[self.textarea] = ["".join(self.text).strip("\n")]
            self.textarea = None
        elif tag == "form":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.text.append(data)


def form_data(html: str, field: str) -> dict[str, list[str]]:
    """The fields of the first form on the page that has an input named ``field``, as the browser would send them."""
    parser = _FormFields(None, field)
    parser.feed(html)
    for form in parser.forms:
        if field in form:
            return {k: list(v) for k, v in form.items() if k != "csrfmiddlewaretoken"}
    raise AssertionError(f"no form with a field {field!r} on the page")
