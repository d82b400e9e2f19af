"""The certificate's PDF: made by an idempotent task, one A4 landscape page with the name and
serial, a QR code that decodes to the verification URL, and a PAdES signature that poppler's
``pdfsig`` (not the signer) reports valid, and that one changed byte breaks."""

import io
import re
import shutil
import subprocess

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from accounts.factories import AdminFactory
from certificates import rendering, services, tasks
from certificates.factories import wave_with_participants
from certificates.models import Certificate

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdfsig") or not shutil.which("pdftoppm"),
    reason="poppler-utils (pdfsig, pdftoppm) is not installed",
)


def issued(n=1, **kw):
    """Certificates issued with the PDF task NOT run (as if no worker had picked it up)."""
    admin = AdminFactory()
    wave, enrolments = wave_with_participants(n, admin=admin, **kw)
    return [services.issue(actor=admin, enrolment=e) for e in enrolments]


def pdfsig(data: bytes, tmp_path) -> str:
    path = tmp_path / "c.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def test_the_task_twice_makes_one_file():
    (cert,) = issued()
    assert not cert.pdf  # the request did not render
    assert tasks.render_certificate(cert.pk) is True
    cert.refresh_from_db()
    name = cert.pdf.name
    assert name.startswith("certificates/pdf/") and cert.pdf_sha256 and cert.rendered_at
    assert tasks.render_certificate(cert.pk) is False
    cert.refresh_from_db()
    assert cert.pdf.name == name
    assert len(default_storage.listdir(name.rsplit("/", 1)[0])[1]) == 1


def test_a_run_killed_after_the_row_and_before_the_file_is_finished_by_the_retry(monkeypatch):
    (cert,) = issued()

    def killed(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(rendering, "render_pdf", killed)
    with pytest.raises(SystemExit):
        tasks.render_certificate(cert.pk)
    cert.refresh_from_db()
    assert not cert.pdf and Certificate.objects.count() == 1
    monkeypatch.undo()
    assert tasks.render_certificate(cert.pk) is True  # the redelivered task
    cert.refresh_from_db()
    assert cert.pdf and Certificate.objects.count() == 1


def test_a_run_that_loses_the_race_removes_its_own_file(monkeypatch):
    (cert,) = issued()
    from django.core.files.storage import FileSystemStorage

    real_save = FileSystemStorage.save
    saved = []

    def save_then_other_run_finishes(self, name, content, **kw):
        stored = real_save(self, name, content, **kw)
        saved.append(stored)
        Certificate.objects.filter(pk=cert.pk).update(pdf="certificates/pdf/other.pdf")
        return stored

    monkeypatch.setattr(FileSystemStorage, "save", save_then_other_run_finishes)
    assert tasks.render_certificate(cert.pk) is False
    assert not default_storage.exists(saved[0])


@needs_poppler
def test_the_pdf_one_page_name_serial_qr_and_a_valid_signature(tmp_path):
    import zxingcpp
    from PIL import Image

    (cert,) = issued()
    tasks.render_certificate(cert.pk)
    cert.refresh_from_db()
    data = cert.pdf.read()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = reader.pages[0].extract_text()
    assert cert.serial in text
    assert cert.content["name"] in text
    # The QR code, read back from the printed page, leads to the verification page.
    png = tmp_path / "page"
    (tmp_path / "x.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(tmp_path / "x.pdf"), str(png)],
        check=True,
    )
    codes = zxingcpp.read_barcodes(Image.open(f"{png}.png"))
    assert [c.text for c in codes] == [rendering.verify_url(cert)]
    assert rendering.verify_url(cert).endswith(f"/sertifikat/v/{cert.verification_code}/")
    report = pdfsig(data, tmp_path)
    assert "Signature is Valid" in report, report
    assert "Total document signed" in report


@needs_poppler
def test_one_changed_byte_inside_the_signed_range_breaks_the_signature(tmp_path):
    (cert,) = issued()
    tasks.render_certificate(cert.pk)
    cert.refresh_from_db()
    data = bytearray(cert.pdf.read())
    # /ByteRange [0 a b c]: bytes 0..a and b..b+c are signed; flip one in the first range,
    # inside the page's content, away from the signature itself.
    match = re.search(rb"/ByteRange\s*\[\s*0\s+(\d+)", bytes(data))
    first_end = int(match.group(1))
    at = first_end // 2
    data[at] = data[at] ^ 0x01
    report = pdfsig(bytes(data), tmp_path)
    assert "Signature is Valid" not in report, report


def test_pyhanko_validator_agrees(tmp_path, issuer_key_file):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from certificates import signing

    (cert,) = issued()
    tasks.render_certificate(cert.pk)
    cert.refresh_from_db()
    reader = PdfFileReader(io.BytesIO(cert.pdf.read()))
    own = signing.issuer_key().certificate.public_bytes(serialization.Encoding.DER)
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(own)])
    status = validate_pdf_signature(reader.embedded_signatures[0], context)
    assert status.intact and status.valid
    assert status.coverage.name == "ENTIRE_FILE"


def test_stored_on_s3_as_well(s3_storage):
    (cert,) = issued()
    assert tasks.render_certificate(cert.pk) is True
    cert.refresh_from_db()
    assert cert.pdf.storage.__class__.__name__ == "S3Storage"
    assert cert.pdf.read()[:5] == b"%PDF-"


def test_the_signature_template_gives_exactly_pyhankos_own_container(issuer_key_file):
    """signing.CmsTemplate fills the digest and the signature into a container pyHanko made;
    for any digest the bytes must be the ones pyHanko itself would make (PKCS#1 v1.5 is
    deterministic), or the signer falls back to pyHanko."""
    import asyncio
    import os

    from pyhanko.sign.signers import SimpleSigner

    from certificates import signing

    signer = signing._signer(str(issuer_key_file), issuer_key_file.stat().st_mtime)
    for _ in range(4):
        digest = os.urandom(32)
        fast = asyncio.run(signer.async_sign(digest, "sha256", use_pades=True))
        slow = asyncio.run(SimpleSigner.async_sign(signer, digest, "sha256", use_pades=True))
        assert fast.dump() == slow.dump()
    assert signer._template is not None  # the template was kept, not the fallback
    # Anything but a plain PAdES signature goes through pyHanko as before.
    other = asyncio.run(signer.async_sign(os.urandom(32), "sha256", use_pades=False))
    types = {a["type"].native for a in other["content"]["signer_infos"][0]["signed_attrs"]}
    assert "cms_algorithm_protection" in types
