"""Who may see, change and delete certificates and their settings.

See a certificate: its holder; the facilitators of its wave; staff whose scope holds the
participant's cooperative or unit (as for enrolments). Change it (issue, revoke, reissue): staff
whose scope holds the participant's organisation. Nobody deletes one: a mistaken certificate is
revoked or reissued, and stays in the record.

Certificate settings (issuer, signatories, serial pattern, completion rule) follow the
programme: visible with it, changeable by staff who may change the programme.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet

from accounts.api import Role, can_manage_organisation, scope_of
from lms.permissions import ScopedPermissionPolicy
from programmes import api as programmes

from .models import Certificate, CertificateSettings

__all__ = ["PermissionDenied"]


def certificates_visible_to(user) -> QuerySet[Certificate]:
    qs = Certificate.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    scope = scope_of(user)
    if scope.staff:
        return scope.filter(qs, "enrolment__organisation")
    if user.role == Role.FACILITATOR:
        return qs.filter(
            Exists(
                programmes.FacilitatorAssignment.objects.filter(
                    wave=OuterRef("wave"), facilitator=user
                )
            )
        )
    return qs.filter(participant=user)


def certificates_changeable_by(user) -> QuerySet[Certificate]:
    scope = scope_of(user)
    if not scope.staff:
        return Certificate.objects.none()
    return scope.filter(Certificate.objects.all(), "enrolment__organisation")


def can_issue_for(user, enrolment) -> bool:
    """Issue (and revoke, reissue) for a participant: staff whose scope holds the participant's
    cooperative or unit."""
    return scope_of(user).staff and can_manage_organisation(user, enrolment.organisation)


def require_can_issue_for(user, enrolment) -> None:
    if not can_issue_for(user, enrolment):
        raise PermissionDenied("This participant is outside your scope.")


def can_view_certificate(user, certificate: Certificate) -> bool:
    return certificates_visible_to(user).filter(pk=certificate.pk).exists()


def settings_visible_to(user) -> QuerySet[CertificateSettings]:
    return CertificateSettings.objects.filter(
        programme__in=programmes.programmes_visible_to(user).values("pk")
    )


def settings_changeable_by(user) -> QuerySet[CertificateSettings]:
    return CertificateSettings.objects.filter(
        programme__in=programmes.programmes_changeable_by(user).values("pk")
    )


def require_can_change_settings(user, programme) -> None:
    if not programmes.can_change_programme(user, programme):
        raise PermissionDenied("This programme is outside your scope.")


# The admin only lists and shows certificates: issuing, revoking and reissuing are their own
# views calling the services (which ask ``can_issue_for``); no generic edit form may touch one.
certificate_policy = ScopedPermissionPolicy(Certificate, visible=certificates_visible_to)
settings_policy = ScopedPermissionPolicy(
    CertificateSettings,
    visible=settings_visible_to,
    changeable=settings_changeable_by,
    deletable=lambda user: CertificateSettings.objects.none(),
)
