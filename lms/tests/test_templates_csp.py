"""The site's Content-Security-Policy refuses inline event handlers and inline scripts outside
the admin: no template of ours may rely on them."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def test_no_template_uses_inline_handlers_or_inline_scripts():
    offenders = []
    for path in ROOT.glob("*/templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if INLINE_HANDLER.search(text) or INLINE_SCRIPT.search(text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
