"""The certificate's PDF: the Typst layout ``pdf/certificate.typ`` filled from the certificate's
frozen content, with the QR code to its verification page (lms.qr) and the programme's logos and
signature images. Signing is ``signing.sign_pdf``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from lms import pdf, qr

TEMPLATE = Path(__file__).resolve().parent / "pdf" / "certificate.typ"
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def indonesian_date(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def date_range(starts_on: str, ends_on: str) -> str:
    start, end = dt.date.fromisoformat(starts_on), dt.date.fromisoformat(ends_on)
    if start == end:
        return indonesian_date(start)
    return f"{indonesian_date(start)} – {indonesian_date(end)}"


def verify_url(certificate) -> str:
    base = getattr(settings, "CERTIFICATES_PUBLIC_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + reverse(
        "certificates:verify", kwargs={"code": certificate.verification_code}
    )


def _image_bytes(image_ids) -> dict[int, tuple[str, bytes]]:
    """Wagtail images by id: (extension, bytes). One query."""
    if not image_ids:
        return {}
    from wagtail.images import get_image_model

    found = {}
    for image in get_image_model().objects.filter(pk__in=list(image_ids)):
        name = image.file.name.lower()
        ext = "png" if name.endswith(".png") else "jpg" if name.endswith((".jpg", ".jpeg")) else ""
        if not ext:
            continue
        with image.file.open("rb") as handle:
            found[image.pk] = (ext, handle.read())
    return found


def render_data(certificate) -> tuple[dict, dict]:
    """The template's data and assets for a certificate."""
    content = certificate.content
    url = verify_url(certificate)
    images = _image_bytes(
        [
            *content.get("logo_ids", []),
            *[
                s.get("signature_id")
                for s in content.get("signatories", [])
                if s.get("signature_id")
            ],
        ]
    )
    assets: dict[str, bytes | str] = {"qr.svg": qr.svg(url, scale=4, border=1)}
    logos = []
    for index, image_id in enumerate(content.get("logo_ids", [])):
        if image_id in images:
            ext, data = images[image_id]
            assets[f"logo-{index}.{ext}"] = data
            logos.append(f"logo-{index}.{ext}")
    signatories = []
    for index, s in enumerate(content.get("signatories", [])):
        image = None
        if s.get("signature_id") in images:
            ext, data = images[s["signature_id"]]
            image = f"sig-{index}.{ext}"
            assets[image] = data
        signatories.append({"name": s["name"], "position": s["position"], "image": image})
    data = {
        "title": content.get("title") or "Sertifikat",
        "name": content["name"],
        "programme": content["programme"],
        "kind": (content.get("programme_kind") or "program").lower(),
        "wave": content["wave"],
        "dates": date_range(content["starts_on"], content["ends_on"]),
        "lesson_hours": content.get("lesson_hours"),
        "competencies": content.get("competencies", []),
        "issuer": content["issuer"]["name"],
        "signatories": signatories,
        "logos": logos,
        "serial": certificate.serial,
        "verify_url": url,
    }
    return data, assets


def render_pdf(certificate, *, timestamp: dt.datetime | None = None) -> bytes:
    data, assets = render_data(certificate)
    return pdf.render(TEMPLATE, data, assets=assets, timestamp=timestamp)
