from __future__ import annotations

import hashlib

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Case, Value, When
from django.utils import timezone

from .models import Certificate

# Certificates per task when a wave is issued. One query reads them, one records them: on a
# busy worker each database round trip costs a millisecond or more, as much as drawing the QR
# code, so they are shared by the chunk. Small enough that a wave of 38 spreads over several
# workers and the progress bar moves often.
CHUNK = 8


def chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


@shared_task(acks_late=True)
def render_certificates(certificate_ids: list[int]) -> int:
    """Make the signed PDFs of these certificates, store them and record them; returns how
    many this run made.

    Idempotent: a certificate that has its PDF is left alone, so a second run, or the retry of
    a run whose worker died (after the rows were written and before the files were stored),
    finishes the job exactly once. The PDFs are made in memory first and stored together just
    before they are recorded in one UPDATE, so a worker killed mid-task almost always leaves
    nothing behind, and at worst the files of one chunk that no row names. If two runs race on a
    certificate, the first to record its file wins and the other deletes its own copy."""
    from . import rendering, signing

    pending = list(Certificate.objects.filter(pk__in=certificate_ids, pdf="").order_by("pk"))
    signed = {
        certificate.pk: signing.sign_pdf(
            rendering.render_pdf(certificate),
            issuer_id=certificate.issuer_id,
            reason=f"Sertifikat {certificate.serial}",
        )
        for certificate in pending
    }
    stored = {}
    for certificate in pending:
        field = certificate.pdf
        field.save(f"{certificate.pk}.pdf", ContentFile(signed[certificate.pk]), save=False)
        stored[certificate.pk] = field.name
    if not stored:
        return 0
    # One UPDATE, atomic on its own: each row gets its file only if it has none yet.
    text = models.CharField()
    made = Certificate.objects.filter(pk__in=list(stored), pdf="").update(
        pdf=Case(
            *(When(pk=pk, then=Value(name)) for pk, name in stored.items()), output_field=text
        ),
        pdf_sha256=Case(
            *(
                When(pk=pk, then=Value(hashlib.sha256(pdf).hexdigest()))
                for pk, pdf in signed.items()
            ),
            output_field=text,
        ),
        rendered_at=timezone.now(),
    )
    if made < len(stored):  # another run recorded some first: remove our copies of those
        recorded = dict(Certificate.objects.filter(pk__in=list(stored)).values_list("pk", "pdf"))
        storage = Certificate._meta.get_field("pdf").storage
        for pk, name in stored.items():
            if recorded.get(pk) != name:
                storage.delete(name)
    return made


@shared_task(acks_late=True)
def render_certificate(certificate_id: int) -> bool:
    """One certificate's PDF (``render_certificates`` of one): True if this run made it."""
    return render_certificates([certificate_id]) == 1
