"""Build reporting/data/province_shapes.json, the province outlines the provinces page draws
(reporting/charts.py: province_map), from the npm package @svg-maps/indonesia (CC BY 4.0).
A one-off: run it again only to change the simplification or the source.

    cd /tmp && mkdir svgmap && cd svgmap && npm pack @svg-maps/indonesia && tar xzf *.tgz
    .venv/bin/python scripts/build_province_shapes.py /tmp/svgmap/package/index.js

The package holds the 34 provinces before the 2022 Papua split, named in English-ish spelling
("Jakarta Raya", "Bangka Belitung"); each is keyed here by its Kemendagri code
(organisations.constants.PROVINCES). Its paths are relative moves and lines only (`m`, `z`):
they are made absolute, rounded to a tenth of a unit, thinned (a point closer than MIN_STEP
to the last kept one is dropped, then Douglas-Peucker at TOLERANCE), islands smaller than
MIN_AREA square units are left out, and written back as relative paths with no spare
characters.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "reporting" / "data" / "province_shapes.json"
MIN_STEP = 0.5
TOLERANCE = 0.25
MIN_AREA = 0.3

# The package's names, in its order of ids, to Kemendagri codes.
CODES = {
    "Aceh": "11",
    "Bali": "51",
    "Bangka Belitung": "19",
    "Bengkulu": "17",
    "Banten": "36",
    "Gorontalo": "75",
    "Jambi": "15",
    "Jawa Barat": "32",
    "Jawa Timur": "35",
    "Jakarta Raya": "31",
    "Jawa Tengah": "33",
    "Kalimantan Barat": "61",
    "Kalimantan Timur": "64",
    "Kepulauan Riau": "21",
    "Kalimantan Selatan": "63",
    "Kalimantan Tengah": "62",
    "Kalimantan Utara": "65",
    "Lampung": "18",
    "Maluku": "81",
    "Maluku Utara": "82",
    "Nusa Tenggara Barat": "52",
    "Nusa Tenggara Timur": "53",
    "Papua": "91",
    "Papua Barat": "92",
    "Riau": "14",
    "Sulawesi Utara": "71",
    "Sumatera Barat": "13",
    "Sulawesi Tenggara": "74",
    "Sulawesi Selatan": "73",
    "Sulawesi Barat": "76",
    "Sumatera Selatan": "16",
    "Sulawesi Tengah": "72",
    "Sumatera Utara": "12",
    "Yogyakarta": "34",
}

ATTRIBUTION = {
    "title": "@svg-maps/indonesia 1.0.0 (svg-maps by Victor Cazanave; package by Bashir "
    "Arrohman; based on the MapSVG map of Indonesia, mapsvg.com)",
    "source": "https://github.com/VictorCazanave/svg-maps/tree/master/packages/indonesia",
    "licence": "CC BY 4.0, https://creativecommons.org/licenses/by/4.0/",
    "changes": "keyed by Kemendagri province code; coordinates rounded to 0.1 and simplified, "
    "islands under 0.3 square units left out (scripts/build_province_shapes.py)",
}


def rings(d: str) -> list[list[tuple[float, float]]]:
    """Absolute points of each subpath of a path made of `m`, implicit `l` and `z`."""
    out, ring = [], []
    x = y = 0.0
    start = (0.0, 0.0)
    moving = False
    for item in re.findall(r"[mzMZ]|-?[\d.]+(?:e-?\d+)?,-?[\d.]+(?:e-?\d+)?", d):
        if item in "mM":
            if ring:
                out.append(ring)
            ring = []
            moving = True
            continue
        if item in "zZ":
            if ring:
                out.append(ring)
            ring = []
            x, y = start  # after `z` a relative move starts from the closed subpath's start
            continue
        dx, dy = (float(v) for v in item.split(","))
        x, y = x + dx, y + dy
        if moving:
            start, moving = (x, y), False
        ring.append((x, y))
    if ring:
        out.append(ring)
    return out


def _distance_to_segment(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points, tolerance):
    if len(points) < 3:
        return points
    worst, index = 0.0, 0
    for i in range(1, len(points) - 1):
        d = _distance_to_segment(points[i], points[0], points[-1])
        if d > worst:
            worst, index = d, i
    if worst <= tolerance:
        return [points[0], points[-1]]
    return douglas_peucker(points[: index + 1], tolerance)[:-1] + douglas_peucker(
        points[index:], tolerance
    )


def area(points) -> float:
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def simplify(ring):
    kept = [ring[0]]
    for p in ring[1:]:
        if math.hypot(p[0] - kept[-1][0], p[1] - kept[-1][1]) >= MIN_STEP:
            kept.append(p)
    # Split the closed ring at its farthest point from the start so both ends stay fixed.
    x0, y0 = kept[0]
    far = max(range(len(kept)), key=lambda i: math.hypot(kept[i][0] - x0, kept[i][1] - y0))
    if far > 0:
        kept = (
            douglas_peucker(kept[: far + 1], TOLERANCE)[:-1]
            + douglas_peucker(kept[far:] + [kept[0]], TOLERANCE)[:-1]
        )
    return [(round(x * 10), round(y * 10)) for x, y in kept]


def number(tenths: int) -> str:
    """A tenth-unit integer as the shortest SVG number: 5 -> ".5", -15 -> "-1.5", 20 -> "2"."""
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    if not frac:
        return f"{sign}{whole}"
    return f"{sign}{whole if whole else ''}.{frac}"


def join(numbers: list[str]) -> str:
    """Numbers with a space only where the next one would not start a new number anyway:
    before "-", and before ".5" after a number that already has its decimal point."""
    out, previous = "", None
    for n in numbers:
        if previous is not None and not (n[0] == "-" or (n[0] == "." and "." in previous)):
            out += " "
        out += n
        previous = n
    return out


def path(points_per_ring) -> str:
    parts = []
    for ring in points_per_ring:
        (x0, y0), rest = ring[0], ring[1:]
        steps = []
        for (ax, ay), (bx, by) in zip(ring, rest, strict=False):
            steps += [number(bx - ax), number(by - ay)]
        parts.append(f"M{join([number(x0), number(y0)])}l{join(steps)}z")
    return "".join(parts)


def main(source: str) -> None:
    text = Path(source).read_text()
    data = json.loads(text[text.index("{") :].rstrip().rstrip(";"))
    shapes = {}
    for location in data["locations"]:
        code = CODES[location["name"]]
        kept = []
        for ring in rings(location["path"]):
            if area(ring) < MIN_AREA:
                continue
            simple = simplify(ring)
            if len(simple) >= 3:
                kept.append(simple)
        # Never lose a whole province: keep its largest ring whatever its size.
        if not kept:
            biggest = max(rings(location["path"]), key=area)
            kept.append(simplify(biggest))
        shapes[code] = path(kept)
    assert sorted(shapes) == sorted(CODES.values()), "every province once"  # noqa: S101
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "attribution": ATTRIBUTION,
                "viewBox": data["viewBox"],
                "shapes": dict(sorted(shapes.items())),
            },
            ensure_ascii=False,
            indent=0,
        )
        + "\n"
    )
    print(f"{OUT}: {OUT.stat().st_size} bytes, {len(shapes)} shapes")  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/svgmap/package/index.js")  # noqa: S108
