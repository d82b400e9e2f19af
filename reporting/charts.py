"""Charts drawn on the server as SVG data for the templates (no script, no tiles, printable):
the completion funnel per wave, and a choropleth of Indonesia's provinces from the outlines
the project ships (reporting/data/province_shapes.json, built by
scripts/build_province_shapes.py from @svg-maps/indonesia, CC BY 4.0)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

SHAPES_FILE = Path(__file__).resolve().parent / "data" / "province_shapes.json"
# The outlines are the 34 provinces before the 2022 Papua split: the four provinces made then
# are drawn inside the outline of the province they came from, with their figures added to it.
OUTLINE_OF = {"93": "91", "94": "91", "95": "91", "96": "92"}
# Light to dark by completion rate, one shade per 20 points; grey when nobody has a seat yet.
SHADES = ("#e8f1fb", "#bcd6f2", "#86b3e3", "#4d8ccf", "#1f5fa8")
EMPTY = "#eeeeee"
# On the map "nobody yet" is hatched grey, so it never reads as the palest shade (0-20 %).
EMPTY_PATTERN = "reporting-map-empty"
# Provinces outside the viewer's region: drawn for orientation only, with no figures.
OUTSIDE = "#ffffff"


def _shade(rate):
    if rate is None:
        return EMPTY
    return SHADES[min(int(rate // 20), len(SHADES) - 1)]


@functools.cache
def province_shapes() -> dict:
    """The shipped outlines: ``viewBox``, ``shapes`` {province code: path}, ``attribution``."""
    return json.loads(SHAPES_FILE.read_text(encoding="utf-8"))


def province_map(rows) -> dict:
    """One shape per outline, shaded by the completion rate of the provinces of ``rows``
    (``selectors.ProvinceRow``, the viewer's scope) that lie in it; outlines with no row in
    ``rows`` carry no figures. A shape's ``rows`` are its provinces in ``rows``, the outline's own
    first (its link goes to that one's page)."""
    data = province_shapes()
    held: dict[str, list] = {}
    for r in rows:
        code = r.province.code
        held.setdefault(OUTLINE_OF.get(code, code), []).append(r)
    shapes, outside = [], []
    for code, path in data["shapes"].items():
        members = sorted(held.get(code, ()), key=lambda r: r.province.code)
        if not members:
            outside.append({"code": code, "d": path, "fill": OUTSIDE, "rows": []})
            continue
        participants = sum(r.participants for r in members)
        completed = sum(r.completed for r in members)
        rate = completed * 100.0 / participants if participants else None
        shapes.append(
            {
                "code": code,
                "d": path,
                "fill": _shade(rate) if rate is not None else f"url(#{EMPTY_PATTERN})",
                "rows": members,
                "codes": " ".join(r.province.code for r in members),
                "name": " + ".join(r.province.name for r in members),
                "link": members[0].province.code,
                "participants": participants,
                "completed": completed,
                "certified": sum(r.certified for r in members),
                "rate": rate,
            }
        )
    legend = [{"fill": fill, "low": i * 20, "high": (i + 1) * 20} for i, fill in enumerate(SHADES)]
    return {
        "viewBox": data["viewBox"],
        # Outside ones first, so the viewer's own outlines are drawn over their borders.
        "outside": outside,
        "shapes": shapes,
        "legend": legend,
        "empty": EMPTY,
        "empty_pattern": EMPTY_PATTERN,
        "outside_fill": OUTSIDE,
        "merged": any(
            r.province.code in OUTLINE_OF or r.province.code in OUTLINE_OF.values() for r in rows
        ),
        "source": data["attribution"]["source"],
    }


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
