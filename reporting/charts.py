"""Charts drawn on the server as SVG data for the templates (no script, no tiles, printable):
the completion funnel per wave, and a tile-grid cartogram of Indonesia's 38 provinces (one
square per province, placed roughly where it lies; not a map of shapes, which the project does
not ship)."""

from __future__ import annotations

# (column, row) of each province's square, west to east, north to south; its short label.
TILES: dict[str, tuple[int, int, str]] = {
    "11": (0, 0, "AC"),
    "12": (1, 1, "SU"),
    "14": (2, 1, "RI"),
    "21": (3, 1, "KR"),
    "13": (1, 2, "SB"),
    "15": (2, 2, "JA"),
    "19": (3, 2, "BB"),
    "17": (1, 3, "BE"),
    "16": (2, 3, "SS"),
    "18": (2, 4, "LA"),
    "36": (3, 4, "BT"),
    "31": (4, 4, "JK"),
    "32": (5, 4, "JB"),
    "33": (6, 4, "JT"),
    "34": (6, 5, "YO"),
    "35": (7, 4, "JI"),
    "51": (8, 4, "BA"),
    "52": (9, 4, "NB"),
    "53": (10, 4, "NT"),
    "61": (5, 1, "KB"),
    "62": (5, 2, "KT"),
    "63": (6, 2, "KS"),
    "64": (6, 1, "KI"),
    "65": (6, 0, "KU"),
    "71": (9, 0, "SA"),
    "75": (9, 1, "GO"),
    "72": (8, 1, "ST"),
    "76": (7, 2, "SR"),
    "73": (8, 2, "SN"),
    "74": (9, 2, "SG"),
    "82": (11, 0, "MU"),
    "81": (10, 2, "MA"),
    "96": (11, 1, "PD"),
    "92": (12, 1, "PB"),
    "94": (12, 2, "PT"),
    "91": (13, 2, "PA"),
    "95": (13, 3, "PP"),
    "93": (13, 4, "PS"),
}
CELL, GAP = 44, 4
# Light to dark by completion rate; grey when nobody has a seat yet.
SHADES = ("#e8f1fb", "#bcd6f2", "#86b3e3", "#4d8ccf", "#1f5fa8")
EMPTY = "#eeeeee"


def _shade(rate):
    if rate is None:
        return EMPTY
    return SHADES[min(int(rate // 20), len(SHADES) - 1)]


def tile_map(rows) -> dict:
    """Squares for the provinces in ``rows`` (``selectors.ProvinceRow``)."""
    tiles = []
    for r in rows:
        place = TILES.get(r.province.code)
        if place is None:
            continue
        col, row, label = place
        rate = r.completion_rate
        tiles.append(
            {
                "x": col * (CELL + GAP),
                "y": row * (CELL + GAP),
                "cx": col * (CELL + GAP) + CELL // 2,
                "cy": row * (CELL + GAP) + CELL // 2 + 5,
                "size": CELL,
                "fill": _shade(rate),
                "text": "#ffffff" if rate is not None and rate >= 60 else "#1a1a1a",
                "label": label,
                "row": r,
            }
        )
    width = 14 * (CELL + GAP)
    height = 6 * (CELL + GAP)
    return {"tiles": tiles, "width": width, "height": height, "shades": SHADES}


def funnel(figures) -> list[dict]:
    """Per wave: bars for enrolled, active or completed (not withdrawn), eligible, certified,
    as widths in percent of the wave's enrolled."""
    out = []
    for f in figures:
        top = max(f.enrolled, 1)
        steps = [
            ("enrolled", f.enrolled),
            ("eligible", f.eligible),
            ("certified", f.certified),
        ]
        out.append(
            {
                "wave": f.wave,
                "bars": [
                    {"key": key, "value": value, "width": round(value * 100 / top, 1)}
                    for key, value in steps
                ],
            }
        )
    return out
