"""The project's PDF engine: Typst, through the ``typst`` package.

Chosen by measurement (``scripts/benchmark_pdf_engines.py``: one A4 page with a title, a QR
code and a table of 38 names, rendered from scratch each time, one core of this 2-core machine
while other work ran; 2026-11-23):

    engine      pages/s   size    fonts
    Typst         45.3    46 KB   Libertinus Serif etc., shipped inside the wheel and embedded
                                  (subset) in every PDF; cover Indonesian
    ReportLab     47.1     5 KB   Helvetica, one of the 14 standard fonts: NOT embedded, so the
                                  reader substitutes its own; embedding means shipping a TTF
                                  and registering it, which costs size and speed
    WeasyPrint     n/a            needs Pango/HarfBuzz system libraries; not installed here

(the issue's own figures for a simpler page: Typst ~100/s, ReportLab 41/s, WeasyPrint 11/s).
Typst also keeps the layout in a readable template file next to the app that owns it
(``attendance/pdf/sign_in_sheet.typ``, ``certificates/pdf/certificate.typ``), with no Python
drawing code, and embeds the fonts it uses, so a PDF looks the same on every reader.

``render(template, data, assets)`` copies the template and its assets (QR SVGs, logos,
signature images: bytes) into a private temporary folder, passes ``data`` as JSON (the template
reads it with ``#let data = json(bytes(sys.inputs.data))``) and returns the PDF's bytes. Text is
never pasted into Typst source, so a participant's name cannot change the markup.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import typst


class RenderError(RuntimeError):
    """The template did not compile: a bug in a template, not in the user's data."""


def render(
    template: str | Path,
    data: dict,
    *,
    assets: dict[str, bytes | str] | None = None,
    timestamp: dt.datetime | None = None,
) -> bytes:
    """The PDF of ``template`` (a ``.typ`` file) filled with ``data``.

    ``assets`` maps file names the template refers to (``image("qr.svg")``) to their contents.
    ``timestamp`` fixes the document's creation date (for reproducible output in tests).
    """
    template = Path(template)
    with tempfile.TemporaryDirectory(prefix="lms-pdf-") as folder:
        root = Path(folder)
        main = root / "main.typ"
        shutil.copyfile(template, main)
        for name, content in (assets or {}).items():
            path = (root / name).resolve()
            if root.resolve() not in path.parents:
                raise ValueError(f"Asset name outside the render folder: {name}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        kwargs = {}
        if timestamp is not None:
            kwargs["timestamp"] = int(timestamp.timestamp())
        try:
            return typst.compile(
                str(main),
                root=str(root),
                sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
                ignore_system_fonts=True,
                **kwargs,
            )
        except RuntimeError as error:
            raise RenderError(str(error)) from error
