"""Certificates in Chromium: staff issue every eligible participant of magang wave 1 in one
click, a trainee downloads the PDF from their home, the QR code's URL (decoded from the PDF)
opens the public page saying "valid", and after staff revoke it, "revoked"."""

import subprocess

import pytest

from accounts.factories import PASSWORD, StaffFactory, TraineeFactory
from certificates import signing
from certificates.factories import open_programme
from certificates.models import Certificate
from programmes.factories import WaveFactory, enrol

from .conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_bulk_issue_download_verify_and_revoke(page, live_server, settings, tmp_path):
    import zxingcpp
    from PIL import Image

    key = tmp_path / "issuer.pem"
    signing.make_self_signed(key)
    settings.CERTIFICATES_SIGNING_KEYS = {"default": str(key)}
    settings.CERTIFICATES_PUBLIC_BASE_URL = live_server.url
    staff = StaffFactory()
    programme = open_programme(title="Magang Pengurus Koperasi Desa Merah Putih")
    wave = WaveFactory(programme=programme, number=1)
    trainees = [TraineeFactory() for _ in range(4)]
    for trainee in trainees:
        enrol(wave, trainee, actor=staff)

    login(page, live_server, staff.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/sertifikat-terbit/gelombang/{wave.pk}/")
    page.click("[data-testid=issue-wave]")
    page.wait_for_load_state("networkidle")
    assert "4 dari 4 sertifikat selesai dibuat" in page.inner_text("[data-testid=batch-progress]")
    assert Certificate.objects.filter(wave=wave).exclude(pdf="").count() == 4
    page.context.clear_cookies()

    login(page, live_server, trainees[0].username, PASSWORD)
    with page.expect_download() as download_info:
        page.click("text=Unduh sertifikat (PDF)")
    pdf_path = tmp_path / "sertifikat.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes()[:5] == b"%PDF-"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf_path), str(tmp_path / "p")],
        check=True,
    )
    (qr_url,) = [c.text for c in zxingcpp.read_barcodes(Image.open(tmp_path / "p.png"))]
    assert qr_url.startswith(f"{live_server.url}/sertifikat/v/")
    page.context.clear_cookies()

    page.goto(qr_url)
    assert "Sah dan berlaku" in page.inner_text("main")
    assert trainees[0].full_name in page.inner_text("h1")

    certificate = Certificate.objects.get(enrolment__participant=trainees[0])
    login(page, live_server, staff.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/sertifikat-terbit/{certificate.pk}/cabut/")
    page.fill("textarea[name=reason]", "Diterbitkan untuk orang yang salah")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()

    page.goto(qr_url)
    text = page.inner_text("main")
    assert "Dicabut" in text and "Diterbitkan untuk orang yang salah" in text
    assert "Sah dan berlaku" not in text
