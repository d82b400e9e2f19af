"""Submit an admin form as a browser would: read the fields the page renders (inputs, selects,
text areas, formset management forms), change some, post them all."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "action": attrs.get("action", ""),
                "method": attrs.get("method", ""),
                "fields": {},
            }
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    fields[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                fields[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            fields[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] += data


def form_data(html: str, action: str = "") -> dict[str, str]:
    """The fields of the page's POST form (the one posting to ``action`` when given, else the
    one with the most fields), with their current values."""
    parser = _FormParser()
    parser.feed(html)
    forms = [f for f in parser.forms if f["method"].lower() == "post"]
    if action:
        matching = [f for f in forms if f["action"] == action]
        forms = matching or forms
    form = max(forms, key=lambda f: len(f["fields"]))
    return dict(form["fields"])
