"""Open Badges 3.0: each certificate as an ``OpenBadgeCredential`` (a W3C Verifiable Credential,
VC Data Model 2.0), signed as a VC-JWT (RS256, the issuer's key from ``signing``), with its
revocation status in the issuer's ``BitstringStatusList`` credential, also a VC-JWT.

- ``credential(certificate)``: the credential as JSON (no proof: the JWT is the proof);
- ``vc_jwt(certificate)``: the compact JWS a wallet or verifier takes; header ``alg: RS256``,
  ``typ: JWT`` and ``kid``, the URL of the key in the public key set (``jwks``), nothing else;
  claims ``iss``, ``jti``, ``nbf`` (and ``sub`` when the subject has an id) beside the
  credential's own fields;
- ``status_list_jwt(issuer_id)``: bit *i* is 1 when the certificate whose ``statusListIndex`` is
  *i* (its database id) is revoked; GZIP-compressed, multibase base64url (``u`` prefix), at
  least 131,072 entries (16 KB) so the list says nothing about how many certificates exist.

Key rotation: put the new key file in ``CERTIFICATES_SIGNING_KEYS`` and the old certificate's
PEM file in ``CERTIFICATES_RETIRED_KEYS``. New credentials are signed with the new key (a new
``kid``); ``/sertifikat/kunci.json`` keeps publishing the old public key, so credentials signed
before the rotation still verify. Drop a retired key only when every credential it signed may be
refused.

The holder appears only as a salted SHA-256 hash of their name (an ``IdentityObject``); the
issuer is the certificate's frozen issuer (never a correctional unit: ``issuer``).
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .constants import CertificateStatus
from .models import Certificate
from .rendering import verify_url
from .signing import issuer_key, key_paths

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
STATUS_LIST_MIN_BITS = 131072


def _base() -> str:
    base = getattr(settings, "CERTIFICATES_PUBLIC_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/")


def _url(name: str, **kwargs) -> str:
    return _base() + reverse(name, kwargs=kwargs)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _iso(value) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_profile(issuer_id: int, name: str | None = None) -> dict | None:
    if name is None:
        row = (
            Certificate.objects.filter(issuer_id=issuer_id)
            .values("content")
            .order_by("-pk")
            .first()
        )
        if row is None:
            return None
        name = row["content"]["issuer"]["name"]
    return {
        "@context": CONTEXTS,
        "id": _url("certificates:issuer", issuer_id=issuer_id),
        "type": ["Profile"],
        "name": name,
    }


def credential(certificate: Certificate) -> dict:
    content = certificate.content
    salt = hashlib.sha256(f"{certificate.verification_code}:salt".encode()).hexdigest()[:16]
    identity = hashlib.sha256((content["name"] + salt).encode()).hexdigest()
    description = (
        f"{content.get('programme_kind', '')} {content['programme']}, gelombang {content['wave']}"
    ).strip()
    if content.get("lesson_hours"):
        description += f", {content['lesson_hours']} JP"
    narrative = "Memenuhi syarat kelulusan program: kehadiran minimal, tugas wajib lulus."
    if content.get("competencies"):
        narrative += " Materi: " + "; ".join(content["competencies"]) + "."
    profile = issuer_profile(certificate.issuer_id, content["issuer"]["name"])
    profile.pop("@context")
    return {
        "@context": CONTEXTS,
        "id": _url("certificates:badge", code=certificate.verification_code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{content.get('title') or 'Sertifikat'} {content['programme']}",
        "description": description,
        "issuer": profile,
        "validFrom": _iso(certificate.issued_at),
        "awardedDate": _iso(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "hashed": True,
                    "identityHash": f"sha256${identity}",
                    "identityType": "name",
                    "salt": salt,
                }
            ],
            "activityStartDate": f"{content['starts_on']}T00:00:00Z",
            "activityEndDate": f"{content['ends_on']}T00:00:00Z",
            "achievement": {
                "id": _base() + f"/sertifikat/program/{certificate.programme_id}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": content["programme"],
                "description": description,
                "criteria": {"narrative": narrative, "id": verify_url(certificate)},
                "inLanguage": "id",
            },
        },
        "credentialStatus": {
            "id": _url("certificates:status_list", issuer_id=certificate.issuer_id)
            + f"#{certificate.pk}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.pk),
            "statusListCredential": _url(
                "certificates:status_list", issuer_id=certificate.issuer_id
            ),
        },
    }


def _kid_url(kid: str) -> str:
    return _url("certificates:jwks") + f"#{kid}"


def sign_jwt(payload: dict, issuer_id: int | None) -> str:
    key = issuer_key(issuer_id)
    header = {"alg": "RS256", "typ": "JWT", "kid": _kid_url(key.kid)}
    signing_input = (
        _b64(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + _b64(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    )
    signature = key.private_key.sign(
        signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256()
    )
    return signing_input + "." + _b64(signature)


def vc_jwt(certificate: Certificate) -> str:
    vc = credential(certificate)
    claims = {
        **vc,
        "iss": vc["issuer"]["id"],
        "jti": vc["id"],
        "nbf": int(certificate.issued_at.timestamp()),
        "iat": int(certificate.issued_at.timestamp()),
    }
    return sign_jwt(claims, certificate.issuer_id)


def encoded_list(revoked_indexes) -> str:
    indexes = list(revoked_indexes)
    size = max(STATUS_LIST_MIN_BITS, ((max(indexes, default=0) // 8) + 1) * 8)
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)  # index 0 is the first byte's highest bit
    return "u" + _b64(gzip.compress(bytes(bits), mtime=0))


def status_list(issuer_id: int) -> dict:
    revoked = Certificate.objects.filter(
        issuer_id=issuer_id, status=CertificateStatus.REVOKED
    ).values_list("pk", flat=True)
    url = _url("certificates:status_list", issuer_id=issuer_id)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": _url("certificates:issuer", issuer_id=issuer_id),
        "validFrom": _iso(timezone.now()),
        "credentialSubject": {
            "id": url + "#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revoked),
        },
    }


def status_list_jwt(issuer_id: int) -> str:
    vc = status_list(issuer_id)
    claims = {**vc, "iss": vc["issuer"], "jti": vc["id"], "nbf": int(timezone.now().timestamp())}
    return sign_jwt(claims, issuer_id)


def _jwk(public_key: rsa.RSAPublicKey, kid: str) -> dict:
    numbers = public_key.public_numbers()

    def b64int(value: int) -> str:
        return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))

    return {
        "kty": "RSA",
        "use": "sig",
        "alg": "RS256",
        "kid": kid,
        "n": b64int(numbers.n),
        "e": b64int(numbers.e),
    }


def jwks() -> dict:
    """Every current issuer key and every retired one still trusted."""
    keys, seen = [], set()
    for name in key_paths():
        try:
            key = issuer_key(None if name == "default" else int(name))
        except (FileNotFoundError, ValueError):
            continue
        if key.kid not in seen:
            seen.add(key.kid)
            keys.append(_jwk(key.private_key.public_key(), key.kid))
    from cryptography.hazmat.primitives import serialization

    for path in getattr(settings, "CERTIFICATES_RETIRED_KEYS", []) or []:
        for cert in x509.load_pem_x509_certificates(Path(path).read_bytes()):
            public = cert.public_key()
            der = public.public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            kid = hashlib.sha256(der).hexdigest()[:32]
            if kid not in seen and isinstance(public, rsa.RSAPublicKey):
                seen.add(kid)
                keys.append(_jwk(public, kid))
    return {"keys": keys}
