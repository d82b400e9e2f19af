"""Uploads are judged by their bytes, stored under names nobody can guess (on the local disk and
on S3), and served with headers that keep them from acting on our origin."""

import io
import re
import types
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import translation
from PIL import Image

from lms import files


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "green")
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (6.0, 54.0, 0.0), 3: "E", 4: (107.0, 36.0, 0.0)}  # GPS IFD
    exif[0x013B] = "Nama Pemilik Kamera"  # Artist
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _docx(extra: dict | None = None, big: int = 0) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "a" * big + "</w:document>")
        for name, body in (extra or {}).items():
            archive.writestr(name, body)
    return out.getvalue()


def upload(data: bytes, name: str = "berkas.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_photo_keeps_its_pixels_and_loses_its_gps_position_and_owner():
    data = _jpeg_with_gps()
    assert b"Nama Pemilik" in data
    checked = files.check_upload(
        upload(data, "foto.JPG"), kinds=files.SCAN_KINDS, max_bytes=files.MB
    )
    assert checked.kind == "jpeg" and checked.original_name == "foto.jpg"
    with Image.open(io.BytesIO(checked.content)) as image:
        assert image.size == (40, 30)
        assert 0x8825 not in image.getexif() and 0x013B not in image.getexif()
    assert b"Nama Pemilik" not in checked.content


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "kosong.pdf", "empty"),
        (b"   \n", "spasi.txt", "empty"),
        (b"MZ\x90\x00" + b"\x00" * 100, "rencana-bisnis.pdf", "executable"),
        (b"#!/bin/sh\nrm -rf /\n", "ad-art.docx", "executable"),
        (b"<!DOCTYPE html><script>alert(1)</script>", "sop.pdf", "markup"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "logo.png", "markup"),
        (b"Rar!\x1a\x07\x00" + b"\x00" * 50, "semua.pdf", "archive"),
        (b"PK\x03\x04", "rusak.docx", "corrupt"),
        (
            PDF.replace(b"<<>>", b"<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>", 1),
            "a.pdf",
            "pdf_active",
        ),
    ],
)
def test_what_is_never_taken_is_refused_by_content_whatever_its_name(data, name, code):
    with pytest.raises(ValidationError) as refused:
        files.check_upload(upload(data, name), kinds=set(files.KINDS), max_bytes=files.MB)
    assert refused.value.code == code


def test_a_plain_zip_is_an_archive_and_a_docx_is_a_document():
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("ad-art.docx", "x")
    with pytest.raises(ValidationError) as refused:
        files.check_upload(
            upload(plain.getvalue(), "ad-art.docx"), kinds={"docx"}, max_bytes=files.MB
        )
    assert refused.value.code == "archive"
    checked = files.check_upload(upload(_docx(), "AD ART.zip"), kinds={"docx"}, max_bytes=files.MB)
    assert checked.kind == "docx" and checked.original_name == "AD ART.docx"


def test_an_office_file_that_unpacks_to_too_much_is_refused():
    bomb = _docx(big=60 * files.MB)
    assert len(bomb) < files.MB
    with pytest.raises(ValidationError) as refused:
        files.check_upload(upload(bomb, "besar.docx"), kinds={"docx"}, max_bytes=files.MB)
    assert refused.value.code == "uncompressed_size"
    with pytest.raises(ValidationError) as refused:
        files.check_upload(
            upload(_docx({"word/vbaProject.bin": "x"}), "makro.docx"),
            kinds={"docx"},
            max_bytes=files.MB,
        )
    assert refused.value.code == "macro"


def test_a_kind_the_field_does_not_take_and_an_oversize_file_are_refused_in_the_users_language():
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        files.check_upload(upload(_docx(), "a.docx"), kinds=files.SCAN_KINDS, max_bytes=files.MB)
    assert refused.value.code == "type"
    assert "Yang diterima: PDF, JPEG, PNG" in refused.value.messages[0]
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        files.check_upload(upload(PDF + b"x" * files.MB), kinds={"pdf"}, max_bytes=files.MB)
    assert refused.value.code == "size"
    assert "paling besar 1 MB" in refused.value.messages[0]


def test_file_names_are_made_safe_and_stored_names_reveal_nothing():
    assert files.clean_filename("../../etc/passwd") == "passwd"
    assert files.clean_filename("C:\\Users\\x\\Rencana\u202eFDP.exe") == "RencanaFDP.exe"
    assert files.clean_filename("...") == "berkas"
    stored = files.upload_to("assessments/versions")(None, "Rencana Bisnis Koperasi Maju.pdf")
    assert re.fullmatch(r"assessments/versions/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", stored)
    assert stored != files.upload_to("assessments/versions")(
        None, "Rencana Bisnis Koperasi Maju.pdf"
    )


def _stored(content: bytes, name: str):
    saved = default_storage.save(files.upload_to("test")(None, name), ContentFile(content))
    return saved, types.SimpleNamespace(open=lambda mode="rb": default_storage.open(saved, mode))


def test_a_download_is_an_attachment_that_cannot_run_or_be_cached():
    document = _docx()
    _name, fieldfile = _stored(document, "x.docx")
    request = RequestFactory().get("/")
    response = files.serve(
        request,
        fieldfile,
        filename='AD/ART "final"\n.docx',
        content_type=files.KINDS["docx"].content_type,
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "\n" not in response["Content-Disposition"] and "/" not in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == document
    pdf_name, pdf_file = _stored(PDF, "x.pdf")
    shown = files.serve(
        request, pdf_file, filename="Lembar hadir.pdf", content_type="application/pdf", inline=True
    )
    assert shown["Content-Disposition"].startswith("inline;")
    assert b"".join(shown.streaming_content) == PDF


@pytest.mark.django_db
def test_files_round_trip_through_s3_on_loopback(s3_storage):
    import boto3

    storage = storages["default"]
    assert type(storage).__name__ == "S3Storage"
    checked = files.check_upload(
        upload(_jpeg_with_gps(), "foto.jpg"), kinds=files.SCAN_KINDS, max_bytes=files.MB
    )
    name = default_storage.save(
        files.upload_to("attendance/sheets")(None, checked.original_name),
        ContentFile(checked.content),
    )
    objects = boto3.client(
        "s3", endpoint_url=storage.endpoint_url, region_name="us-east-1"
    ).list_objects_v2(Bucket=s3_storage)["Contents"]
    assert [o["Key"] for o in objects] == [name]
    fieldfile = types.SimpleNamespace(open=lambda mode="rb": default_storage.open(name, mode))
    response = files.serve(
        RequestFactory().get("/"),
        fieldfile,
        filename="foto.jpg",
        content_type="image/jpeg",
        inline=True,
    )
    assert b"".join(response.streaming_content) == checked.content
