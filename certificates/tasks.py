from __future__ import annotations

import hashlib

from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone

from .models import Certificate


@shared_task(acks_late=True)
def render_certificate(certificate_id: int) -> bool:
    """Make a certificate's signed PDF and store it. Idempotent: a certificate that has its PDF
    is left alone, so a second run, or the retry of a run whose worker died (after the row was
    written and before the file was stored), finishes the job exactly once. If two runs race,
    the first to record its file wins and the other deletes its own copy."""
    from . import rendering, signing

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None or certificate.pdf:
        return False
    signed = signing.sign_pdf(
        rendering.render_pdf(certificate),
        issuer_id=certificate.issuer_id,
        reason=f"Sertifikat {certificate.serial}",
    )
    field = certificate.pdf
    field.save(f"{certificate.pk}.pdf", ContentFile(signed), save=False)
    # One UPDATE, atomic on its own: the row gets its file only if it has none yet.
    updated = Certificate.objects.filter(pk=certificate.pk, pdf="").update(
        pdf=field.name,
        pdf_sha256=hashlib.sha256(signed).hexdigest(),
        rendered_at=timezone.now(),
    )
    if not updated:
        field.storage.delete(field.name)
        return False
    return True
