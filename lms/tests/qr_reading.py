"""Reading a QR code back from lms.qr's SVG, for tests: the path's runs of dark modules drawn
into a bitmap and decoded by zxing-cpp's reader (not the writer that made it)."""

from __future__ import annotations

import re


def modules_drawn(svg: str) -> tuple[int, set[tuple[int, int]]]:
    """The SVG's size in modules and its dark modules, read from its path (M x y h n v1 H x z)."""
    box = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    scale = int(re.search(r"scale\((\d+)\)", svg).group(1))
    dark = set()
    for x, y, n in re.findall(r"M(\d+) (\d+)h(\d+)v1H\1z", svg):
        dark.update((int(x) + i, int(y)) for i in range(int(n)))
    return box // scale, dark


def decode(svg: str) -> list[str]:
    """The texts of the QR codes zxing-cpp reads in the drawing."""
    import zxingcpp
    from PIL import Image

    size, dark = modules_drawn(svg)
    image = Image.new("L", (size, size), 255)
    for point in dark:
        image.putpixel(point, 0)
    return [
        c.text for c in zxingcpp.read_barcodes(image.resize((size * 8, size * 8), Image.NEAREST))
    ]
