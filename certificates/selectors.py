"""Reads the admin pages and the home panels share: each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from programmes import api as programmes

from . import sources
from .constants import CertificateStatus
from .eligibility import Eligibility
from .models import Certificate


@dataclass
class Row:
    enrolment: object
    eligibility: Eligibility
    certificate: Certificate | None


def wave_rows(wave, enrolments: QuerySet) -> list[Row]:
    """A wave's participants (``enrolments``, already scoped and paginated by the caller) with
    their eligibility and valid certificate."""
    enrolments = list(
        enrolments.select_related("participant", "organisation").prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.filter(status=CertificateStatus.VALID),
                to_attr="valid_certificates",
            )
        )
    )
    results = sources.wave_eligibility(
        wave, programmes.Enrolment.objects.filter(pk__in=[e.pk for e in enrolments])
    )
    return [
        Row(
            enrolment=e,
            eligibility=results.get(e.pk, Eligibility(False)),
            certificate=e.valid_certificates[0] if e.valid_certificates else None,
        )
        for e in enrolments
    ]


def batch_progress(batch) -> tuple[int, int]:
    """(PDFs ready, certificates in the batch)."""
    done = batch.certificates.exclude(pdf="").count()
    return done, batch.total
