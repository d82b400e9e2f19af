"""Text taken from an answer's file, so a reviewer sees what changed between two versions.
DOCX and ODT are zips of XML (read with the standard library); PDF through pypdf. Files were
checked on upload (``lms.files``: size, uncompressed size); a file that cannot be read gives no
text, never an error."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
MAX_CHARS = 200_000


def _docx(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))  # noqa: S314 - checked zip
    paragraphs = []
    for para in root.iter(f"{W}p"):
        parts = []
        for node in para.iter():
            if node.tag == f"{W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def _odt(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))  # noqa: S314 - checked zip
    lines = []
    for node in root.iter():
        if node.tag in (f"{TEXT_NS}p", f"{TEXT_NS}h"):
            lines.append("".join(node.itertext()))
    return "\n".join(lines)


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join((page.extract_text() or "") for page in reader.pages[:200])


def text_of(data: bytes, kind: str) -> str:
    try:
        if kind == "docx":
            text = _docx(data)
        elif kind == "odt":
            text = _odt(data)
        elif kind == "pdf":
            text = _pdf(data)
        elif kind == "txt":
            text = data.decode("utf-8", "replace")
        else:
            return ""
    except Exception:  # noqa: BLE001 - an unreadable file simply has no text to compare
        return ""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return text.strip()[:MAX_CHARS]
