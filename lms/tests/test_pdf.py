import io

import pytest
from pypdf import PdfReader

from lms import pdf, qr
from lms.tests import qr_reading

SAMPLE = __import__("pathlib").Path(__file__).with_name("pdf") / "sample.typ"


def test_a_page_with_indonesian_names_a_qr_code_and_markup_like_text_kept_as_text():
    rows = [{"name": "Ni Luh Putu Ayu Sri Wahyuni", "org": "Koperasi Sumber Rejeki"}] * 38
    rows = [{"name": '#set page(paper: "a5") *Siti*', "org": "Kopdes \u201cMaju\u201d"}, *rows]
    document = pdf.render(
        SAMPLE,
        {"title": "Daftar hadir: Lokakarya AD/ART", "code": "K7Q2XD", "rows": rows},
        assets={"qr.svg": qr.svg("https://lms.example/hadir/K7Q2XD")},
    )
    reader = PdfReader(io.BytesIO(document))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Daftar hadir" in text and "K7Q2XD" in text
    assert '#set page(paper: "a5") *Siti*' in text.replace("\u201c", '"').replace("\u201d", '"')
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4, not A5: data is not markup


def test_an_asset_may_not_leave_the_render_folder():
    with pytest.raises(ValueError):
        pdf.render(SAMPLE, {}, assets={"../escape.svg": "x"})


def test_qr_svg_draws_a_code_that_decodes_to_its_text():
    text = "https://lms.example.id/sertifikat/verifikasi/Q7M2ZK4XW9PDRT3B/"
    svg = qr.svg(text, scale=4, border=2)
    size, dark = qr_reading.modules_drawn(svg)
    assert dark and all(2 <= x < size - 2 and 2 <= y < size - 2 for x, y in dark)  # quiet zone
    assert qr_reading.decode(svg) == [text]


def test_qr_svg_is_a_standalone_scalable_svg_with_an_escaped_title():
    svg = qr.svg("https://lms.example/v/ABC", title="Kode QR <presensi>")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<title>Kode QR &lt;presensi&gt;</title>" in svg and "<script" not in svg
    assert 'viewBox="0 0 ' in svg and " width=" not in svg  # sized by the page, not fixed
