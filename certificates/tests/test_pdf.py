"""The certificate's PDF: made by an idempotent task, one A4 landscape page with the name and
serial, a QR code that decodes to the verification URL, and a PAdES signature that poppler's
``pdfsig`` (not the signer) reports valid, and that one changed byte breaks."""

import hashlib
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


def _validated(data: bytes, index: int = 0):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from certificates import signing

    reader = PdfFileReader(io.BytesIO(data))
    own = signing.issuer_key().certificate.public_bytes(serialization.Encoding.DER)
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(own)])
    signature = reader.embedded_signatures[index]
    return reader, signature, validate_pdf_signature(signature, context)


def test_pyhanko_validator_agrees():
    (cert,) = issued()
    tasks.render_certificate(cert.pk)
    cert.refresh_from_db()
    _reader, _signature, status = _validated(cert.pdf.read())
    assert status.intact and status.valid
    assert status.coverage.name == "ENTIRE_FILE"


def test_the_direct_signature_is_the_one_pyhanko_would_write(issuer_key_file):
    """signing.sign_pdf writes the incremental update itself (certificates.pades) for our own
    layouts; pyHanko's validator must find it as sound as pyHanko's own, with the same field,
    widget, form flags and PAdES declaration, and pyHanko's own signing must still work."""
    from certificates import signing

    (cert,) = issued()
    raw = rendering.render_pdf(cert)
    signer = signing._signer(str(issuer_key_file), issuer_key_file.stat().st_mtime)
    direct = signing.sign_pdf(raw, reason=f"Sertifikat {cert.serial}")
    general = signing.sign_pdf_with_pyhanko(raw, signer=signer, reason=f"Sertifikat {cert.serial}")
    assert direct[: len(raw)] == raw == general[: len(raw)]  # both only append
    seen = []
    for data in (direct, general):
        reader, signature, status = _validated(data)
        assert status.intact and status.valid and status.coverage.name == "ENTIRE_FILE"
        assert status.modification_level.name == "NONE"
        widget = signature.sig_field
        root = reader.root
        seen.append(
            (
                signature.field_name,
                signature.sig_object["/SubFilter"],
                signature.sig_object["/Reason"],
                widget["/F"],
                [int(v) for v in widget["/Rect"]],
                widget.raw_get("/P").reference == root["/Pages"]["/Kids"].raw_get(0).reference,
                root["/AcroForm"]["/SigFlags"],
                root["/Extensions"]["/ESIC"]["/ExtensionLevel"],
                len(reader.root["/Pages"]["/Kids"][0]["/Annots"]),
                signature.signer_info["sid"].dump(),
            )
        )
    assert seen[0] == seen[1]
    assert seen[0][:3] == (
        "Tanda tangan penerbit",
        "/ETSI.CAdES.detached",
        f"Sertifikat {cert.serial}",
    )
    assert len(direct) < len(general)  # room kept for exactly the container, no more


def test_a_pdf_of_another_shape_is_signed_by_pyhanko(issuer_key_file, monkeypatch):
    """A document the direct path does not take (here one with a second revision) is signed by
    pyHanko's own writer, and the signature validates."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    from certificates import signing

    (cert,) = issued()
    writer = IncrementalPdfFileWriter(io.BytesIO(rendering.render_pdf(cert)))
    writer.root["/PageMode"] = generic.NameObject("/UseNone")
    writer.update_root()
    revised = io.BytesIO()
    writer.write(revised)
    general = []
    real = signing.sign_pdf_with_pyhanko
    monkeypatch.setattr(
        signing, "sign_pdf_with_pyhanko", lambda *a, **kw: general.append(1) or real(*a, **kw)
    )
    signed = signing.sign_pdf(revised.getvalue(), reason="kedua")
    assert general == [1]
    reader, signature, status = _validated(signed)
    assert status.intact and status.valid and status.coverage.name == "ENTIRE_FILE"
    assert signature.sig_object["/Reason"] == "kedua"
    assert reader.root["/PageMode"] == "/UseNone"


def test_a_chunk_is_read_in_one_query_and_recorded_in_one(django_assert_num_queries):
    one = issued(1)
    eight = issued(tasks.CHUNK)
    with django_assert_num_queries(2):
        assert tasks.render_certificates([c.pk for c in one]) == 1
    with django_assert_num_queries(2):
        assert tasks.render_certificates([c.pk for c in eight]) == tasks.CHUNK
    rows = Certificate.objects.filter(pk__in=[c.pk for c in one + eight])
    assert rows.filter(pdf="").count() == 0
    assert len({r.pdf.name for r in rows}) == 1 + tasks.CHUNK
    for row in rows:  # each row names its own file, with that file's digest and serial
        data = row.pdf.read()
        assert hashlib.sha256(data).hexdigest() == row.pdf_sha256
        assert row.serial in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_a_chunk_that_loses_part_of_a_race_keeps_the_rest(monkeypatch):
    first, second, third = issued(3)
    from django.core.files.storage import FileSystemStorage

    real_save = FileSystemStorage.save
    saved = []  # in the chunk's order: first, second, third

    def save_while_another_run_records_the_second(self, name, content, **kw):
        stored = real_save(self, name, content, **kw)
        saved.append(stored)
        if len(saved) == 3:
            Certificate.objects.filter(pk=second.pk).update(pdf="certificates/pdf/other.pdf")
        return stored

    monkeypatch.setattr(FileSystemStorage, "save", save_while_another_run_records_the_second)
    assert tasks.render_certificates([first.pk, second.pk, third.pk]) == 2
    names = dict(Certificate.objects.values_list("pk", "pdf"))
    assert names[second.pk] == "certificates/pdf/other.pdf"
    assert not default_storage.exists(saved[1])  # the loser's copy is gone
    assert names[first.pk] == saved[0] and names[third.pk] == saved[2]
    assert default_storage.exists(saved[0]) and default_storage.exists(saved[2])


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
