"""Open Badges 3.0: the credential validates against 1EdTech's schema, its VC-JWT signature
verifies with a different library (joserfc) than the one that signed it (cryptography), and
revocation shows in the issuer's BitstringStatusList."""

import base64
import gzip
import json
from pathlib import Path

import pytest
from django.urls import reverse
from joserfc import jwt
from joserfc.jwk import KeySet
from jsonschema import Draft201909Validator

from accounts.factories import AdminFactory
from certificates import badges, services, signing
from certificates.factories import wave_with_participants

pytestmark = pytest.mark.django_db

# Unmodified copies of 1EdTech's and W3C's published files, with their sources and licences
# (specs/openbadges-3.0/README.md): the schema check runs offline, in CI too.
SPECS = Path(__file__).resolve().parent / "specs" / "openbadges-3.0"


@pytest.fixture(scope="module")
def schema():
    return json.loads((SPECS / "ob_v3p0_achievementcredential_schema.json").read_text())


def one():
    admin = AdminFactory()
    _, (enrolment,) = wave_with_participants(1, admin=admin)
    return admin, services.issue(actor=admin, enrolment=enrolment)


def decode_part(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def verify(token: str, client) -> dict:
    """Verify with joserfc against the published key set, by the header's kid."""
    keys = KeySet.import_key_set(client.get(reverse("certificates:jwks")).json())
    header = decode_part(token.split(".")[0])
    kid = header["kid"].rsplit("#", 1)[1]
    key = next(k for k in keys.keys if k.kid == kid)
    return jwt.decode(token, key, algorithms=["RS256"]).claims


def test_the_credential_validates_against_the_open_badges_schema(schema):
    _, cert = one()
    credential = badges.credential(cert)
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(credential), key=str)
    assert errors == [], [e.message for e in errors]
    # What the spec requires beyond the schema:
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["@context"][1].endswith("/ob/v3p0/context-3.0.3.json")
    assert {"VerifiableCredential", "OpenBadgeCredential"} <= set(credential["type"])
    subject = credential["credentialSubject"]
    assert subject.get("id") or subject.get("identifier")
    identity = subject["identifier"][0]
    assert identity["identityHash"].startswith("sha256$") and identity["hashed"] is True
    assert cert.content["name"] not in json.dumps(credential)  # hashed, not in clear
    criteria = subject["achievement"]["criteria"]
    assert criteria.get("narrative") or criteria.get("id")
    # a date-time the format checker refuses proves it is really checking
    broken = {**credential, "validFrom": "kemarin"}
    assert any("date-time" in e.message for e in validator.iter_errors(broken))


def test_the_vc_jwt_verifies_with_another_library(client):
    _, cert = one()
    response = client.get(reverse("certificates:badge", args=[cert.verification_code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    token = response.content.decode()
    header = decode_part(token.split(".")[0])
    assert set(header) == {"alg", "typ", "kid"} and header["alg"] == "RS256"
    assert header["kid"].startswith("https://lms.example.id/sertifikat/kunci.json#")
    claims = verify(token, client)
    assert claims["iss"] == claims["issuer"]["id"]
    assert claims["jti"] == claims["id"]
    assert claims["nbf"] == int(cert.issued_at.timestamp())
    assert claims["credentialSubject"]["achievement"]["name"] == cert.content["programme"]


def test_a_tampered_vc_jwt_fails(client):
    _, cert = one()
    token = badges.vc_jwt(cert)
    head, payload, sig = token.split(".")
    claims = decode_part(payload)
    claims["credentialSubject"]["achievement"]["name"] = "Program Palsu"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(Exception):  # noqa: B017 - joserfc's BadSignatureError
        verify(f"{head}.{forged}.{sig}", client)


def bit(encoded: str, index: int) -> int:
    assert encoded.startswith("u")
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(raw) * 8 >= badges.STATUS_LIST_MIN_BITS
    return (raw[index // 8] >> (7 - index % 8)) & 1


def test_revocation_shows_in_the_signed_status_list(client):
    admin, cert = one()
    entry = badges.credential(cert)["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    path = entry["statusListCredential"].replace("https://lms.example.id", "")
    claims = verify(client.get(path).content.decode(), client)
    assert "BitstringStatusListCredential" in claims["type"]
    index = int(entry["statusListIndex"])
    assert bit(claims["credentialSubject"]["encodedList"], index) == 0
    services.revoke(actor=admin, certificate=cert, reason="Salah terbit")
    claims = verify(client.get(path).content.decode(), client)
    assert bit(claims["credentialSubject"]["encodedList"], index) == 1


def test_key_rotation_old_credentials_still_verify(client, settings, tmp_path):
    _, cert = one()
    old_token = badges.vc_jwt(cert)
    old_pem = Path(settings.CERTIFICATES_SIGNING_KEYS["default"]).read_bytes()
    retired = tmp_path / "retired.pem"
    retired.write_bytes(old_pem[old_pem.index(b"-----BEGIN CERTIFICATE-----") :])
    new_key = tmp_path / "new.pem"
    signing.make_self_signed(new_key)
    settings.CERTIFICATES_SIGNING_KEYS = {"default": str(new_key)}
    settings.CERTIFICATES_RETIRED_KEYS = [str(retired)]
    new_token = badges.vc_jwt(cert)
    kids = {decode_part(t.split(".")[0])["kid"] for t in (old_token, new_token)}
    assert len(kids) == 2
    assert verify(new_token, client) and verify(old_token, client)
    assert len(client.get(reverse("certificates:jwks")).json()["keys"]) == 2
