"""The issuer's key and certificate: a PAdES signature on every certificate PDF (pyHanko), and
the RS256 key that signs the Open Badges credentials (``badges``).

Where the keys come from (``settings.CERTIFICATES_SIGNING_KEYS``): a mapping of an issuer
organisation's id (as a string) or ``"default"`` to a PEM file holding the private key followed
by its certificate and any intermediate certificates (the chain). The passphrase of an encrypted
key is read from the environment variable named ``CERTIFICATES_SIGNING_PASSPHRASE``. A ministry
plugs in its own certificate authority by issuing a signing certificate for its key and pointing
the mapping at that file; nothing else changes.

For development and the demo, when the configured default file is missing and
``CERTIFICATES_SELF_SIGNED_FALLBACK`` is true, a self-signed key and certificate are made there
once (``manage.py certificates_demo_key`` does the same on purpose). PDF readers then show the
signature as intact but its signer as not trusted: expected for a self-signed certificate.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import functools
import hashlib
import io
import os
import tempfile
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings


@dataclass(frozen=True)
class IssuerKey:
    private_key: rsa.RSAPrivateKey
    chain: tuple[x509.Certificate, ...]

    @property
    def certificate(self) -> x509.Certificate:
        return self.chain[0]

    @property
    def kid(self) -> str:
        """The key's id: the SHA-256 of its public key (changes when the key is rotated)."""
        der = self.private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return hashlib.sha256(der).hexdigest()[:32]


def default_key_path() -> Path:
    return Path(settings.BASE_DIR) / "var" / "certificates" / "issuer-default.pem"


def key_paths() -> dict[str, Path]:
    configured = getattr(settings, "CERTIFICATES_SIGNING_KEYS", None) or {}
    paths = {str(k): Path(v) for k, v in configured.items()}
    paths.setdefault("default", default_key_path())
    return paths


def make_self_signed(path: Path, *, common_name: str = "Koperasi LMS (demo, self-signed)") -> None:
    """Write a new RSA-2048 key and a self-signed certificate (10 years) to ``path``, atomically
    (a concurrent reader sees the old file or the whole new one)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Koperasi LMS"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ) + cert.public_bytes(serialization.Encoding.PEM)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _load(path: Path) -> IssuerKey:
    data = path.read_bytes()
    passphrase = os.environ.get("CERTIFICATES_SIGNING_PASSPHRASE")
    key = serialization.load_pem_private_key(
        data, password=passphrase.encode() if passphrase else None
    )
    chain = tuple(x509.load_pem_x509_certificates(data))
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(f"{path}: the signing key must be RSA (RS256 for Open Badges).")
    return IssuerKey(private_key=key, chain=chain)


@functools.lru_cache(maxsize=16)
def _cached(path_text: str, mtime: float) -> IssuerKey:
    return _load(Path(path_text))


def issuer_key(issuer_id: int | None = None) -> IssuerKey:
    paths = key_paths()
    path = paths.get(str(issuer_id)) or paths["default"]
    if not path.exists():
        if path == paths["default"] and getattr(
            settings, "CERTIFICATES_SELF_SIGNED_FALLBACK", True
        ):
            make_self_signed(path)
        else:
            raise FileNotFoundError(f"No signing key at {path} (CERTIFICATES_SIGNING_KEYS).")
    return _cached(str(path), path.stat().st_mtime)


@functools.lru_cache(maxsize=16)
def _signer(path_text: str, mtime: float):
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import padding
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = _cached(path_text, mtime)
    der_key = key.private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    certs = [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in key.chain
    ]

    class LoadedKeySigner(signers.SimpleSigner):
        """pyHanko's SimpleSigner re-parses the key for every signature (~50 ms for RSA);
        this one signs with the key already loaded, and fills a checked CMS template instead of
        rebuilding the container for every certificate (see ``CmsTemplate``)."""

        _template: CmsTemplate | None = None
        _template_checked = False

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            algorithm = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384()}[digest_algorithm]
            return key.private_key.sign(data, padding.PKCS1v15(), algorithm)

        def pades_template(self) -> CmsTemplate | None:
            """The checked container for a plain PAdES signature with SHA-256, made once by
            pyHanko; None if it cannot be filled safely (then pyHanko signs every time)."""
            if not self._template_checked:
                general = functools.partial(
                    signers.SimpleSigner.async_sign,
                    self,
                    digest_algorithm="sha256",
                    use_pades=True,
                    is_pdf_sig=True,
                )
                self._template = _run(lambda: CmsTemplate.build(general, self.sign_raw))
                self._template_checked = True
            return self._template

        async def async_sign(
            self,
            data_digest: bytes,
            digest_algorithm: str,
            dry_run=False,
            use_pades=False,
            timestamper=None,
            signed_attr_settings=None,
            is_pdf_sig=True,
            encap_content_info=None,
        ):
            general = functools.partial(
                super().async_sign,
                digest_algorithm=digest_algorithm,
                dry_run=dry_run,
                use_pades=use_pades,
                timestamper=timestamper,
                signed_attr_settings=signed_attr_settings,
                is_pdf_sig=is_pdf_sig,
                encap_content_info=encap_content_info,
            )
            plain = (
                digest_algorithm == "sha256"
                and use_pades
                and is_pdf_sig
                and not dry_run
                and timestamper is None
                and encap_content_info is None
                and getattr(signed_attr_settings, "cades_signed_attrs", None) is None
                and getattr(signed_attr_settings, "adobe_revinfo_attr", None) is None
            )
            if not plain:
                return await general(data_digest)
            template = self.pades_template()
            if template is None:
                return await general(data_digest)
            from asn1crypto import cms

            return cms.ContentInfo.load(template.fill(data_digest, self.sign_raw))

    return LoadedKeySigner(
        signing_cert=certs[0],
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(certs),
    )


@dataclass(frozen=True)
class CmsTemplate:
    """A PAdES (B-B) signature container whose only varying parts are the document's digest
    and the signature over the signed attributes.

    In a PAdES signature the signed attributes are content type, message digest and the
    signer's certificate reference (the signing time lives in the PDF, not in the CMS), and an
    RSA PKCS#1 v1.5 signature is deterministic, so for one key the container pyHanko builds
    differs from one document to the next only in those 32 + 256 bytes. Building it costs
    pyHanko (asn1crypto) about two thirds of a certificate's signing time; this fills it
    instead. ``build`` makes it from pyHanko's own output and keeps it only if, for a second
    digest, filling gives exactly pyHanko's bytes; otherwise pyHanko signs every time.
    """

    der: bytes
    attrs_at: int  # the signed attributes ([0] IMPLICIT SET OF Attribute) in ``der``
    attrs_len: int
    digest_at: int  # the message digest's 32 bytes, inside the signed attributes
    signature_at: int
    signature_len: int

    @classmethod
    async def build(cls, general, sign_raw) -> CmsTemplate | None:
        probe, check = os.urandom(32), os.urandom(32)
        info = await general(probe)
        der = info.dump()
        signer_info = info["content"]["signer_infos"][0]
        attrs = signer_info["signed_attrs"].dump()
        types = {a["type"].native for a in signer_info["signed_attrs"]}
        signature = signer_info["signature"].native
        if (
            types != {"content_type", "message_digest", "signing_certificate_v2"}
            or der.count(attrs) != 1
            or attrs.count(probe) != 1
            or der.count(signature) != 1
        ):
            return None
        attrs_at = der.index(attrs)
        template = cls(
            der=der,
            attrs_at=attrs_at,
            attrs_len=len(attrs),
            digest_at=attrs_at + attrs.index(probe),
            signature_at=der.index(signature),
            signature_len=len(signature),
        )
        if template.fill(check, sign_raw) != (await general(check)).dump():
            return None
        return template

    def fill(self, digest: bytes, sign_raw) -> bytes:
        if len(digest) != 32:
            raise ValueError("A SHA-256 digest has 32 bytes.")
        out = bytearray(self.der)
        out[self.digest_at : self.digest_at + 32] = digest
        attrs = out[self.attrs_at : self.attrs_at + self.attrs_len]
        # Signed as a DER SET OF (tag 0x31), stored with the [0] IMPLICIT tag (RFC 5652, 5.4).
        signature = sign_raw(b"\x31" + bytes(attrs[1:]), "sha256")
        if len(signature) != self.signature_len:
            raise ValueError("The key's signature length changed.")
        out[self.signature_at : self.signature_at + self.signature_len] = signature
        return bytes(out)


# Room kept in the PDF for the signature container (a 2048- or 4096-bit RSA signature, the
# certificate chain and signed attributes); given, so pyHanko does not sign twice to measure it.
SIGNATURE_BYTES_RESERVED = 16384


@functools.cache
def _writer_class():
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class CertificateWriter(IncrementalPdfFileWriter):
        """pyHanko's incremental writer without its metadata refresh: by default it re-parses
        and rewrites the XMP packet Typst wrote (twice per signature, about a third of pyHanko's
        time) only to set a modification date and itself as producer. The certificate's
        metadata stays as rendered; the signature dictionary carries the signing time."""

        def _update_meta(self):
            return None

    return CertificateWriter


def sign_pdf(pdf_bytes: bytes, *, issuer_id: int | None = None, reason: str = "") -> bytes:
    """The PDF with a PAdES (B-B) signature of the issuer's key appended incrementally:
    written directly (``pades``) for a document of the shape our layouts render, by pyHanko
    for any other."""
    from . import pades

    issuer_key(issuer_id)  # makes the demo key if needed
    paths = key_paths()
    path = paths.get(str(issuer_id)) or paths["default"]
    signer = _signer(str(path), path.stat().st_mtime)
    reason = reason or "Sertifikat diterbitkan"
    template = signer.pades_template()
    if template is not None:
        try:
            return pades.sign(
                pdf_bytes,
                contents=lambda digest: template.fill(digest, signer.sign_raw),
                contents_length=len(template.der),
                reason=reason,
                signed_at=dt.datetime.now(dt.UTC),
            )
        except pades.Unsupported:
            pass
    return sign_pdf_with_pyhanko(pdf_bytes, signer=signer, reason=reason)


def sign_pdf_with_pyhanko(pdf_bytes: bytes, *, signer, reason: str) -> bytes:
    """pyHanko's own signing of any PDF (its writer without the metadata refresh)."""
    from pyhanko.sign import fields, signers

    from .pades import FIELD_NAME

    writer = _writer_class()(io.BytesIO(pdf_bytes), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
    )
    out = _run(
        lambda: signers.async_sign_pdf(
            writer, meta, signer=signer, bytes_reserved=SIGNATURE_BYTES_RESERVED
        )
    )
    return out.getvalue()


_loops = threading.local()


def _run(make_coroutine):
    """pyHanko signs asynchronously. Where no event loop runs (a Celery worker, a web request)
    the coroutine runs on this thread's own loop, made once and kept (``asyncio.run`` makes and
    tears down a loop for every signature); where one already runs in this thread (an async
    caller, a test process driving a browser), the signature is made in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        loop = getattr(_loops, "loop", None)
        if loop is None or loop.is_closed():
            loop = _loops.loop = asyncio.new_event_loop()
            weakref.finalize(threading.current_thread(), loop.close)
        return loop.run_until_complete(make_coroutine())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()
