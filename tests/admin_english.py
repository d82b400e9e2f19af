"""What of an admin page is still in English: visible text, the attributes people hear or
see (placeholder, title, aria-label, alt), and the labels of the sidebar (its JSON props).

A run of text counts as English when it holds a common English word that Indonesian does not
use. The allow-list keeps proper nouns and codes that are the same in both languages."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

ENGLISH_WORDS = set(
    """
    about account actions active add added all an and any are as at back be by cancel
    change changes choose clear close collapse copy create created dashboard date delete
    details documents done download edit enter expand export failed filter filters
    for forgotten from guide has have help here history home image images in inspect is it
    item items keyboard last latest live log login logout main manage more my new next
    no not of on open options or order page pages password please preview previous
    private recent remove report reports required results save search select selected
    settings shortcuts show sign site snippets sort submit the there this to toggle
    unlock untitled up update updated upload user username users view what when whats with
    you your yours guide shortcuts toggle breadcrumbs remember me
    """.split()
)
# Proper nouns and words spelled the same in Indonesian (checked by hand).
ALLOWED = {"wagtail", "lms", "koperasi", "admin", "e-mail", "email", "pdf", "csv", "xlsx", "id"}
# IANA zone names ("America/New_York"), as in the account's time-zone menu.
_ZONE_NAME = re.compile(r"\b[A-Z][A-Za-z_]+/[A-Za-z_/+-]+")

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_ATTRS = {"placeholder", "title", "aria-label", "alt", "aria-description"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0
        self._json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "style", "template", "svg"}:
            self._skip += 1
            self._json = tag == "script" and attrs.get("id") == "wagtail-sidebar-props"
        for name, value in attrs.items():
            if name in _ATTRS and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template", "svg"} and self._skip:
            self._skip -= 1
            self._json = False

    def handle_data(self, data):
        if self._json:
            self.texts.extend(_sidebar_labels(json.loads(data)))
        elif not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def _sidebar_labels(node) -> list[str]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"label", "footer_text"} and isinstance(value, str) and value:
                found.append(value)
            else:
                found.extend(_sidebar_labels(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_sidebar_labels(value))
    return found


def is_english(text: str) -> bool:
    text = _ZONE_NAME.sub(" ", text)
    words = [w.lower().strip("'’") for w in _WORD.findall(text)]
    words = [w for w in words if w not in ALLOWED]
    return any(w in ENGLISH_WORDS for w in words)


def english_strings(html: str) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    return sorted({t for t in collector.texts if is_english(t)})
