"""The trainee home's certificate panel (``portal_trainee_panels``): per wave, the certificate
(download, verification link, share) or the reasons it is not earned yet, the same answer staff
and facilitators see."""

from __future__ import annotations

from urllib.parse import quote

from wagtail.admin.ui.components import Component

from accounts import api as accounts
from programmes import api as programmes

from . import sources
from .constants import CertificateStatus
from .models import Certificate
from .rendering import verify_url

MAX_WAVES = 3


class TraineePanel(Component):
    template_name = "certificates/panels/trainee.html"
    order = 40

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context=None):
        return {"rows": self.rows}


def trainee_panel(request):
    user = request.user
    if not user.is_authenticated or user.role != accounts.Role.TRAINEE:
        return None
    enrolments = list(programmes.participant_enrolments(participant=user)[:MAX_WAVES])
    if not enrolments:
        return None
    certificates = {
        c.enrolment_id: c
        for c in Certificate.objects.filter(
            enrolment__in=[e.pk for e in enrolments], status=CertificateStatus.VALID
        )
    }
    rows = []
    for enrolment in enrolments:  # at most MAX_WAVES
        certificate = certificates.get(enrolment.pk)
        eligibility = None if certificate else sources.enrolment_eligibility(enrolment)
        url = verify_url(certificate) if certificate else ""
        rows.append(
            {
                "enrolment": enrolment,
                "certificate": certificate,
                "eligibility": eligibility,
                "verify_url": url,
                "share_url": f"https://wa.me/?text={quote(url)}" if url else "",
            }
        )
    return TraineePanel(rows)


MAX_COHORTS = 4


class FacilitatorPanel(Component):
    template_name = "certificates/panels/facilitator.html"
    order = 40

    def __init__(self, waves):
        self.waves = waves

    def get_context_data(self, parent_context=None):
        return {"waves": self.waves}


def facilitator_panel(request):
    """Links to each of the facilitator's latest waves' certificate answers."""
    user = request.user
    if not user.is_authenticated or user.role != accounts.Role.FACILITATOR:
        return None
    waves = list(programmes.facilitator_waves(facilitator=user)[:MAX_COHORTS])
    return FacilitatorPanel(waves) if waves else None
