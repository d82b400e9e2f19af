"""QR codes drawn on the server as SVG (segno): no script from a CDN, sharp at any size, a few
hundred bytes. Used on check-in screens, sign-in sheets and certificates."""

from __future__ import annotations

import io

import segno


def svg(
    text: str, *, scale: int = 4, border: int = 2, title: str = "", mask: int | None = None
) -> str:
    """An SVG document of the QR code for ``text`` (error correction M, enough for a printed
    or projected code with a smudge). ``title`` is read out by screen readers. The SVG has a
    viewBox and no fixed size: the page or PDF gives it its size.

    ``mask`` (0-7) fixes the mask pattern instead of scoring all eight (segno does that in
    pure Python: about 80 % of the drawing time). Every mask gives a valid code; scoring only
    avoids patterns that are harder to read, which matters for a code on a screen across a
    room more than for one printed sharp on paper."""
    code = segno.make(text, error="m", micro=False, mask=mask)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        scale=scale,
        border=border,
        xmldecl=False,
        svgns=True,
        title=title or None,
        omitsize=True,  # a viewBox instead of a fixed width and height: CSS and PDFs size it
    )
    return out.getvalue().decode("utf-8")
