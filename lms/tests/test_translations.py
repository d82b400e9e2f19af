"""The English catalogue is complete, compiled, and served under /en/; Indonesian stays at the root.

The .po file is parsed with the standard library only (no polib) and compared entry by entry
with the committed .mo, read through gettext.GNUTranslations.
"""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# Every catalogue the project ships: the project's own (locale/) and each app's (<app>/locale/),
# English and the Indonesian overrides of third-party strings alike.
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/*/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0 +-]?\d*(?:\.\d+)?[sdifrx%]|\{\{\s*\w+\s*\}\}")
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def _parse_po(path):
    """A small .po reader: entries with context, plurals, flags; obsolete (#~) entries skipped."""
    entries, current, target = [], None, None

    def finish():
        if current is not None and (current.msgid or current.msgstr):
            entries.append(current)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            current, target = None, None
            continue
        if line.startswith("#~"):
            continue
        if current is None:
            current = Entry(line=number)
        if line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
        else:
            match = KEYWORD.match(line)
            assert match, f"{path.name}:{number}: cannot parse {raw!r}"
            keyword, index, literal = match.groups()
            value = ast.literal_eval(literal)
            target = (keyword, int(index) if index is not None else 0)
            if keyword.startswith("msgstr"):
                current.msgstr[target[1]] = ""
            else:
                setattr(current, keyword, "")
        keyword, index = target
        if keyword.startswith("msgstr"):
            current.msgstr[index] += value
        else:
            setattr(current, keyword, getattr(current, keyword) + value)
    finish()
    return entries


@pytest.fixture(scope="module", params=CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def catalogue(request):
    return request.param


@pytest.fixture(scope="module")
def po_entries(catalogue):
    entries = _parse_po(catalogue)
    assert entries and entries[0].msgid == "", "the header entry comes first"
    return entries


@pytest.fixture(scope="module")
def mo_catalogue(catalogue):
    with catalogue.with_suffix(".mo").open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_english_login_page_is_in_english(client):
    response = client.get("/en/akun/masuk/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Username or e-mail" in html
    assert '<button type="submit">Log in</button>' in html
    assert "Nama pengguna atau e-mail" not in html


def test_indonesian_login_page_stays_indonesian(client):
    response = client.get("/akun/masuk/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in html
    assert "Nama pengguna atau e-mail" in html
    assert '<button type="submit">Masuk</button>' in html
    assert "Username or e-mail" not in html


def test_home_page_is_indonesian_at_the_root_and_english_under_en(client):
    indonesian = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Masuk untuk mulai belajar" in indonesian
    assert "Log in to start learning" not in indonesian
    assert "Log in to start learning" in english
    assert "Masuk untuk mulai belajar" not in english


def test_every_entry_is_translated_and_not_fuzzy(po_entries, catalogue):
    header, *messages = po_entries
    assert "fuzzy" not in header.flags
    assert f"Language: {catalogue.parts[-3]}" in header.msgstr[0]
    assert messages, "the catalogue has messages"
    untranslated = [
        e.msgid
        for e in messages
        if not e.msgstr or any(not text.strip() for text in e.msgstr.values())
    ]
    fuzzy = [e.msgid for e in messages if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []
    plurals_short = [e.msgid for e in messages if e.msgid_plural and sorted(e.msgstr) != [0, 1]]
    assert plurals_short == []


def test_placeholders_survive_translation(po_entries):
    def placeholders(text):
        return sorted(re.sub(r"\s+", "", p) for p in PLACEHOLDER.findall(text))

    broken = [
        (e.msgid, text)
        for e in po_entries[1:]
        for text in e.msgstr.values()
        if placeholders(text) != placeholders(e.msgid)
    ]
    assert broken == []


def test_compiled_catalogue_matches_the_po_file(po_entries, mo_catalogue):
    """The committed .mo is not stale: every .po entry compiles to the same text."""
    stale = []
    for e in po_entries[1:]:
        if e.msgid_plural is not None:
            got = {
                0: mo_catalogue.npgettext(e.msgctxt, e.msgid, e.msgid_plural, 1)
                if e.msgctxt is not None
                else mo_catalogue.ngettext(e.msgid, e.msgid_plural, 1),
                1: mo_catalogue.npgettext(e.msgctxt, e.msgid, e.msgid_plural, 2)
                if e.msgctxt is not None
                else mo_catalogue.ngettext(e.msgid, e.msgid_plural, 2),
            }
        elif e.msgctxt is not None:
            got = {0: mo_catalogue.pgettext(e.msgctxt, e.msgid)}
        else:
            got = {0: mo_catalogue.gettext(e.msgid)}
        if got != e.msgstr:
            stale.append(e.msgid)
    assert stale == []
