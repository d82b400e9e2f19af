"""Measure the PDF engines on one layout: an A4 sign-in sheet with a title, a QR code and a
table of 38 names (the shape of the attendance sheet and, in size, the certificate).

    .venv/bin/python scripts/benchmark_pdf_engines.py [--seconds 5]

Each document is rendered from scratch (new data, new QR), as the app does. Prints pages per
second per engine on one core. ReportLab is measured only when installed
(``pip install reportlab``); it is not a dependency of the project.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lms import pdf, qr  # noqa: E402

TEMPLATE = ROOT / "lms" / "tests" / "pdf" / "sample.typ"
ROWS = [
    {"name": f"Peserta Nomor {i} binti Abdullah", "org": f"Koperasi Merah Putih Desa {i}"}
    for i in range(1, 39)
]


def typst_page(n: int) -> bytes:
    code = f"K{n:05d}"
    return pdf.render(
        TEMPLATE,
        {"title": "Daftar hadir: Lokakarya AD/ART", "code": code, "rows": ROWS},
        assets={"qr.svg": qr.svg(f"https://lms.example/hadir/{code}")},
    )


def reportlab_page(n: int) -> bytes:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    code = f"K{n:05d}"
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=1.5 * cm, rightMargin=1.5 * cm)
    widget = QrCodeWidget(f"https://lms.example/hadir/{code}")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(
        2.5 * cm, 2.5 * cm, transform=[2.5 * cm / (x1 - x0), 0, 0, 2.5 * cm / (y1 - y0), 0, 0]
    )
    drawing.add(widget)
    data = [["No", "Nama", "Koperasi / unit", "Tanda tangan"]] + [
        [str(i), r["name"], r["org"], ""] for i, r in enumerate(ROWS, 1)
    ]
    table = Table(data, colWidths=[1 * cm, 6 * cm, 6 * cm, 3 * cm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))

    def header(canvas, _doc):
        canvas.setFont("Helvetica-Bold", 14)
        canvas.drawString(1.5 * cm, A4[1] - 1.5 * cm, "Daftar hadir: Lokakarya AD/ART")
        canvas.drawString(1.5 * cm, A4[1] - 2.2 * cm, f"Kode sesi: {code}")
        renderPDF.draw(drawing, canvas, A4[0] - 4 * cm, A4[1] - 4 * cm)

    doc.build([table], onFirstPage=header)
    return out.getvalue()


def measure(render, seconds: float) -> tuple[float, int]:
    render(0)  # warm up: imports, font loading
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        n += 1
        render(n)
    elapsed = time.perf_counter() - start
    return n / elapsed, len(render(n + 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    engines = {"typst": typst_page}
    try:
        import reportlab  # noqa: F401

        engines["reportlab"] = reportlab_page
    except ImportError:
        sys.stdout.write("reportlab: not installed, skipped\n")
    for name, render in engines.items():
        rate, size = measure(render, args.seconds)
        sys.stdout.write(f"{name:10s} {rate:7.1f} pages/s   {size / 1024:6.1f} KB per page\n")


if __name__ == "__main__":
    main()
