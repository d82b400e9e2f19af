"""A PAdES (B-B) signature appended to a freshly rendered, one-revision PDF, written directly.

pyHanko (``signing.sign_pdf``'s general path) signs any PDF, and for that it builds a full
object model of the document, lays out its signing session asynchronously and writes the
update through its generic writer: about 2.5 ms a certificate, half of everything the issuing
task does besides the render itself. A certificate from our own Typst layout needs much less:
pyHanko's reader parses it (so any PDF syntax is read correctly), and this module appends the
incremental update pyHanko itself would write (ISO 32000-1 12.8; ETSI EN 319 142-1):

- the page again, with the signature's widget added to ``/Annots``;
- the catalog again, with ``/AcroForm`` (one signature field, ``/SigFlags 3``) and the ESIC
  extension that declares PAdES;
- the signature field and widget (invisible: ``/Rect [0 0 0 0]``, printable and locked);
- the signature dictionary (``/ETSI.CAdES.detached``, claimed signing time ``/M``, reason),
  whose ``/Contents`` is the CMS container filled by ``signing.CmsTemplate`` (byte-identical
  to pyHanko's own, checked when the key is loaded) over the ``/ByteRange`` digest;
- a cross-reference section for those objects and a trailer pointing to the previous one.

Only a document of the shape we render takes this path: not encrypted, one page, a classic
cross-reference table, no form and no annotation list kept in an object of its own. Anything
else (``Unsupported``) is signed by pyHanko. The tests validate what this writes with poppler's
``pdfsig`` and pyHanko's validator, and compare the two paths' structure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable

FIELD_NAME = "Tanda tangan penerbit"
_BYTE_RANGE_PLACEHOLDER = b"/ByteRange [0 0000000000 0000000000 0000000000]"


class Unsupported(Exception):
    """This PDF is not of the simple shape written directly; pyHanko signs it instead."""


def _serialise(obj) -> bytes:
    out = io.BytesIO()
    obj.write_to_stream(out, None)
    return out.getvalue()


def sign(
    pdf_bytes: bytes,
    *,
    contents: Callable[[bytes], bytes],
    contents_length: int,
    reason: str,
    signed_at: dt.datetime,
) -> bytes:
    """``pdf_bytes`` with a signature appended. ``contents(digest)`` returns the DER of the
    CMS container for the SHA-256 ``digest`` of the signed byte ranges; it is at most
    ``contents_length`` bytes long."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    except PdfReadError as error:
        raise Unsupported(str(error)) from error
    if reader.encrypted or reader.xrefs.total_revisions != 1:
        raise Unsupported("encrypted, or more than one revision")
    previous = reader.last_startxref
    if pdf_bytes[previous : previous + 4] != b"xref":
        raise Unsupported("a cross-reference stream")
    trailer = reader.trailer_view
    size = int(trailer["/Size"])
    root_ref = reader.root_ref
    root = reader.root
    if "/AcroForm" in root or "/Extensions" in root or "/Perms" in root:
        raise Unsupported("the catalog already has a form, extensions or permissions")
    pages = root["/Pages"]
    kids = pages.raw_get("/Kids")
    if int(pages.get("/Count", 0)) != 1 or not isinstance(kids, generic.ArrayObject):
        raise Unsupported("not a single page")
    page_pointer = kids.raw_get(0)
    if not isinstance(page_pointer, generic.IndirectObject):
        raise Unsupported("a page not in an object of its own")
    page_ref = page_pointer.reference
    page = page_pointer.get_object()
    if page.get("/Type") != "/Page":
        raise Unsupported("a page tree deeper than one level")
    annots = page.raw_get("/Annots") if "/Annots" in page else generic.ArrayObject()
    if not isinstance(annots, generic.ArrayObject):
        raise Unsupported("the page's annotations are in an object of their own")

    form_ref = generic.Reference(size, 0)
    field_ref = generic.Reference(size + 1, 0)
    sig_ref = generic.Reference(size + 2, 0)

    new_page = generic.DictionaryObject({k: page.raw_get(k) for k in page})
    new_page["/Annots"] = generic.ArrayObject(
        [*(annots.raw_get(i) for i in range(len(annots))), _indirect(field_ref)]
    )
    new_root = generic.DictionaryObject({k: root.raw_get(k) for k in root})
    new_root["/AcroForm"] = _indirect(form_ref)
    new_root["/Extensions"] = generic.DictionaryObject(
        {
            "/ESIC": generic.DictionaryObject(
                {
                    "/Type": generic.NameObject("/DeveloperExtensions"),
                    "/BaseVersion": generic.NameObject("/1.7"),
                    "/ExtensionLevel": generic.NumberObject(1),
                }
            )
        }
    )
    form = generic.DictionaryObject(
        {
            "/Fields": generic.ArrayObject([_indirect(field_ref)]),
            "/SigFlags": generic.NumberObject(3),
        }
    )
    field = generic.DictionaryObject(
        {
            "/FT": generic.NameObject("/Sig"),
            "/T": generic.TextStringObject(FIELD_NAME),
            "/Type": generic.NameObject("/Annot"),
            "/Subtype": generic.NameObject("/Widget"),
            "/F": generic.NumberObject(132),  # print, locked
            "/Rect": generic.ArrayObject([generic.NumberObject(0)] * 4),
            "/P": _indirect(page_ref),
            "/V": _indirect(sig_ref),
        }
    )
    head = _serialise(
        generic.DictionaryObject(
            {
                "/Type": generic.NameObject("/Sig"),
                "/Filter": generic.NameObject("/Adobe.PPKLite"),
                "/SubFilter": generic.NameObject("/ETSI.CAdES.detached"),
                "/M": generic.pdf_date(signed_at),
                "/Reason": generic.TextStringObject(reason),
            }
        )
    )
    placeholder = b"<" + b"0" * (2 * contents_length) + b">"
    signature = head[:-2].rstrip() + b"\n" + _BYTE_RANGE_PLACEHOLDER + b"\n/Contents "

    out = bytearray(pdf_bytes)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for ref, body in (
        (page_ref, _serialise(new_page)),
        (root_ref, _serialise(new_root)),
        (form_ref, _serialise(form)),
        (field_ref, _serialise(field)),
    ):
        offsets[ref] = len(out)
        out += b"%d %d obj\n%s\nendobj\n" % (ref.idnum, ref.generation, body)
    offsets[sig_ref] = len(out)
    out += b"%d 0 obj\n" % sig_ref.idnum + signature
    contents_at = len(out)
    out += placeholder + b"\n>>\nendobj\n"
    contents_end = contents_at + len(placeholder)

    xref_at = len(out)
    out += b"xref\n" + _xref_sections(offsets)
    new_trailer = generic.DictionaryObject(
        {
            "/Size": generic.NumberObject(size + 3),
            "/Root": _indirect(root_ref),
            "/Prev": generic.NumberObject(previous),
        }
    )
    for key in ("/Info", "/ID"):
        if key in trailer:
            new_trailer[key] = trailer.raw_get(key)
    out += b"trailer\n" + _serialise(new_trailer) + b"\nstartxref\n%d\n%%%%EOF\n" % xref_at

    byte_range = b"/ByteRange [0 %d %d %d]" % (contents_at, contents_end, len(out) - contents_end)
    if len(byte_range) > len(_BYTE_RANGE_PLACEHOLDER):
        raise Unsupported("a document too large for the byte range's room")
    at = out.index(_BYTE_RANGE_PLACEHOLDER, offsets[sig_ref])
    out[at : at + len(_BYTE_RANGE_PLACEHOLDER)] = byte_range.ljust(len(_BYTE_RANGE_PLACEHOLDER))
    digest = hashlib.sha256()
    digest.update(memoryview(out)[:contents_at])
    digest.update(memoryview(out)[contents_end:])
    der = contents(digest.digest())
    if len(der) > contents_length:
        raise ValueError("The signature container outgrew the room kept for it.")
    out[contents_at + 1 : contents_at + 1 + 2 * len(der)] = der.hex().upper().encode("ascii")
    return bytes(out)


def _indirect(ref):
    from pyhanko.pdf_utils import generic

    return generic.IndirectObject(ref.idnum, ref.generation, None)


def _xref_sections(offsets: dict) -> bytes:
    """Cross-reference subsections for the written objects: runs of consecutive numbers, each
    entry exactly 20 bytes (ISO 32000-1 7.5.4)."""
    refs = sorted(offsets, key=lambda r: r.idnum)
    out = bytearray()
    run: list = []
    for ref in refs:
        if run and ref.idnum != run[-1].idnum + 1:
            out += _subsection(run, offsets)
            run = []
        run.append(ref)
    out += _subsection(run, offsets)
    return bytes(out)


def _subsection(run, offsets) -> bytes:
    lines = b"".join(b"%010d %05d n\r\n" % (offsets[r], r.generation) for r in run)
    return b"%d %d\n" % (run[0].idnum, len(run)) + lines
