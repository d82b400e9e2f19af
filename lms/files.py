"""Uploaded files: checked by content, stored under unguessable names, served only by a view
that has decided the viewer may see them.

Every app that takes a file from a user (a scan of a signed attendance sheet, a business plan, a
logbook photo) uses the three pieces here:

- ``check_upload(uploaded, kinds=..., max_bytes=...)`` reads the bytes and decides what the file
  *is* (never what its name or the browser says), refuses what the field does not take, and
  returns the bytes to store: images re-encoded without their metadata (a phone photo's GPS
  position), documents as they came. Each refusal is a ``ValidationError`` with a message in the
  user's language and a ``code``, so a form shows it next to the field and keeps the rest.
- ``upload_to(prefix)`` for a model's ``FileField``: ``<prefix>/<yyyy>/<mm>/<32 hex>.<ext>``; the
  name reveals nothing and cannot be guessed. The user's own file name is kept in a model field,
  for display and for the download's name.
- ``serve(request, fieldfile, filename=..., content_type=..., inline=...)`` streams the stored
  file through Django from whatever storage holds it (local disk or S3 through django-storages),
  with a safe ``Content-Disposition``, ``nosniff`` and a private, unstored cache policy. The
  caller has already checked the viewer; storage URLs are never shown to anyone.
"""

from __future__ import annotations

import io
import posixpath
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

MB = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    """One kind of file we take: its name, media type and the extension it is stored with."""

    name: str
    content_type: str
    extension: str
    label: str  # or a lazy translation


KINDS = {
    kind.name: kind
    for kind in (
        Kind("pdf", "application/pdf", "pdf", "PDF"),
        Kind("jpeg", "image/jpeg", "jpg", "JPEG"),
        Kind("png", "image/png", "png", "PNG"),
        Kind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            "Word (DOCX)",
        ),
        Kind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            "Excel (XLSX)",
        ),
        Kind(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx",
            "PowerPoint (PPTX)",
        ),
        Kind("odt", "application/vnd.oasis.opendocument.text", "odt", "OpenDocument (ODT)"),
        Kind(
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
            "ods",
            "OpenDocument (ODS)",
        ),
        Kind("txt", "text/plain; charset=utf-8", "txt", _("teks (TXT)")),
    )
}
IMAGE_KINDS = frozenset({"jpeg", "png"})
DOCUMENT_KINDS = frozenset({"pdf", "docx", "odt"})
SCAN_KINDS = frozenset({"pdf", "jpeg", "png"})

# An office file is a zip: what it unpacks to is bounded, so a small upload cannot fill memory
# or disk when its text is extracted (a "zip bomb").
MAX_UNCOMPRESSED = 50 * MB
MAX_RATIO = 100
MAX_MEMBERS = 2000
# Pixels per image: Pillow's own bomb check warns at 89 M; a phone photo is 12-50 M.
MAX_PIXELS = 60_000_000

_OOXML_MAIN = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows .exe, .dll
    b"\x7fELF",  # Linux
    b"\xcf\xfa\xed\xfe",  # Mach-O
    b"\xfe\xed\xfa\xce",
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java class
    b"#!",  # scripts
    b"dex\n",  # Android
)
_ARCHIVE_MAGIC = (
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"MSCF",  # cab
)
_MARKUP = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|script|svg|iframe|\?xml)", re.I)
_PDF_ACTIVE = (b"/JavaScript", b"/JS ", b"/JS(", b"/Launch", b"/EmbeddedFile")


@dataclass(frozen=True)
class Checked:
    """An upload that passed: what it is and the bytes to store."""

    content: bytes
    kind: str
    original_name: str

    @property
    def content_type(self) -> str:
        return KINDS[self.kind].content_type

    @property
    def extension(self) -> str:
        return KINDS[self.kind].extension

    @property
    def size(self) -> int:
        return len(self.content)


def kinds_label(kinds) -> str:
    """ "PDF, JPEG, PNG": for help texts and refusals."""
    return ", ".join(str(KINDS[k].label) for k in KINDS if k in kinds)


def clean_filename(name: str, *, fallback: str = "berkas") -> str:
    """The user's file name made safe to show and to send back: no folders, no control or
    invisible characters, no leading dots, at most 120 characters, its extension kept."""
    name = posixpath.basename((name or "").replace("\\", "/"))
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c)[0] not in {"C", "Z"} or c == " ")
    name = re.sub(r"\s+", " ", name).strip().lstrip(".")
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: 119 - len(ext)]}.{ext}" if dot and len(ext) <= 8 else name[:120]
    return name or fallback


def sniff(data: bytes) -> str | None:
    """The kind of ``data`` by its content, or None when it is none we take. Raises
    ValidationError for what is refused whatever the field takes (programs, archives, web
    pages, SVG, oversized office files)."""
    head = data[:2048]
    if head.startswith(_EXECUTABLE_MAGIC):
        raise ValidationError(_("Program dan skrip tidak dapat diunggah."), code="executable")
    if head.startswith(_ARCHIVE_MAGIC):
        raise ValidationError(
            _("Arsip (ZIP, RAR, 7z) tidak diterima. Unggah dokumennya satu per satu."),
            code="archive",
        )
    if head.startswith(b"%PDF-"):
        if any(marker in data for marker in _PDF_ACTIVE):
            raise ValidationError(
                _("PDF ini berisi skrip atau lampiran tersembunyi. Simpan ulang sebagai PDF."),
                code="pdf_active",
            )
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if _MARKUP.search(head):
        raise ValidationError(_("Halaman web, SVG dan XML tidak dapat diunggah."), code="markup")
    if b"\x00" not in head:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "txt"
    return None


def _sniff_zip(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ValidationError(_("Berkas ini rusak atau tidak lengkap."), code="corrupt") from error
    total = sum(m.file_size for m in members)
    if (
        len(members) > MAX_MEMBERS
        or total > MAX_UNCOMPRESSED
        or total > MAX_RATIO * max(len(data), 1)
    ):
        raise ValidationError(
            _("Isi dokumen ini terlalu besar. Simpan ulang dengan gambar yang lebih kecil."),
            code="uncompressed_size",
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise ValidationError(
            _("Dokumen yang dikunci dengan kata sandi tidak dapat diperiksa."), code="encrypted"
        )
    names = {m.filename for m in members}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(
            _("Dokumen dengan makro tidak diterima. Simpan ulang tanpa makro (DOCX, XLSX)."),
            code="macro",
        )
    if "[Content_Types].xml" in names:
        for main, kind in _OOXML_MAIN.items():
            if main in names:
                return kind
    if "mimetype" in names:
        kind = _ODF_MIMETYPES.get(archive.read("mimetype").strip())
        if kind:
            return kind
    raise ValidationError(
        _("Arsip (ZIP, RAR, 7z) tidak diterima. Unggah dokumennya satu per satu."),
        code="archive",
    )


def check_upload(uploaded, *, kinds, max_bytes: int) -> Checked:
    """Read ``uploaded`` (a Django ``UploadedFile``) and return what to store, or raise a
    ``ValidationError`` saying, in the user's language, why the file is refused."""
    kinds = frozenset(kinds)
    unknown = kinds - KINDS.keys()
    if unknown:
        raise ValueError(f"Unknown file kinds: {sorted(unknown)}")
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise _too_large(max_bytes)
    uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    if not data.strip():
        raise ValidationError(_("Berkas ini kosong."), code="empty")
    kind = sniff(data)
    if kind is None or kind not in kinds:
        raise ValidationError(
            _("Jenis berkas ini tidak diterima di sini. Yang diterima: %(kinds)s.")
            % {"kinds": kinds_label(kinds)},
            code="type",
        )
    if kind in IMAGE_KINDS:
        data = _clean_image(data)
    name = clean_filename(getattr(uploaded, "name", ""))
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return Checked(content=data, kind=kind, original_name=f"{stem}.{KINDS[kind].extension}")


def _too_large(max_bytes: int) -> ValidationError:
    return ValidationError(
        _("Berkas terlalu besar: paling besar %(size)s MB.")
        % {"size": f"{max_bytes / MB:.0f}" if max_bytes >= MB else f"{max_bytes / MB:.1f}"},
        code="size",
    )


def _clean_image(data: bytes) -> bytes:
    """The photo re-encoded: its pixels kept, EXIF (GPS!), XMP, comments and trailing bytes
    dropped (``lms.images.reencode``)."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
        if width * height > MAX_PIXELS:
            raise ValidationError(
                _("Gambar ini terlalu besar (piksel). Perkecil dulu, lalu unggah lagi."),
                code="pixels",
            )
        # Imported here: lms.images loads Wagtail's image forms, which need the app registry,
        # and this module is imported by models (``upload_to``).
        from .images import reencode

        cleaned, _fmt = reencode(data)
    except ValidationError:
        raise
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("Gambar ini rusak atau tidak dapat dibaca."), code="corrupt"
        ) from error
    return cleaned


@deconstructible
class upload_to:  # noqa: N801 - used like a function in FileField(upload_to=...)
    """``FileField(upload_to=files.upload_to("attendance/sheets"))``: each file is stored as
    ``attendance/sheets/2026/11/<32 random hex>.<ext>``, whatever the user called it."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
        ext = re.sub(r"[^a-z0-9]", "", ext)[:8] or "bin"
        now = timezone.now()
        return f"{self.prefix}/{now:%Y/%m}/{secrets.token_hex(16)}.{ext}"

    def __eq__(self, other):
        return isinstance(other, upload_to) and other.prefix == self.prefix


def serve(request, fieldfile, *, filename: str, content_type: str, inline: bool = False):
    """Stream a stored file to a viewer the caller has already allowed.

    ``inline`` shows PDFs and images in the browser (the grading page's viewer); anything else
    is always a download. The response may not be cached by anyone, may not be sniffed into
    another type, and (except PDFs, whose viewer a sandbox would block) runs in a CSP sandbox so
    that nothing in it can act on our origin.
    """
    kind = next((k for k in KINDS.values() if k.content_type == content_type), None)
    inline = inline and kind is not None and (kind.name in IMAGE_KINDS or kind.name == "pdf")
    response = FileResponse(
        fieldfile.open("rb"),
        as_attachment=not inline,
        filename=clean_filename(filename),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if not (inline and kind is not None and kind.name == "pdf"):
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    # django-csp leaves this response alone: the stricter policy above, or, for a PDF shown in
    # the browser's own viewer, none (Chromium refuses to start its viewer under the site's
    # ``object-src 'none'``); a PDF runs no script of ours either way.
    response._csp_exempt = True
    return response
