"""Who may see and change programmes, waves and enrolments. Views, exports and the admin all
ask here.

- Administrators and national staff: everything.
- Regional staff: waves hosted in their region or attended by people from it; enrolments of
  people whose cooperative or unit is in their region; programmes with such a wave or organised
  in their region.
- Facilitators: the waves they are assigned to, and those waves' enrolments.
- Trainees: their own enrolments and the waves of them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts import permissions as account_permissions
from accounts.constants import Role
from organisations.models import Organisation

from .models import Enrolment, FacilitatorAssignment, Programme, Wave


def _is_staff(user) -> bool:
    return account_permissions.is_admin(user) or account_permissions.is_programme_staff(user)


def waves_visible_to(user) -> QuerySet[Wave]:
    qs = Wave.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if account_permissions.is_national(user):
        return qs
    if _is_staff(user):
        hosted = account_permissions.region_q(user, "host_site")
        attended = Exists(
            Enrolment.objects.filter(wave=OuterRef("pk")).filter(
                account_permissions.region_q(user, "organisation")
            )
        )
        return qs.filter(hosted | Q(attended))
    if user.role == Role.FACILITATOR:
        return qs.filter(
            Exists(FacilitatorAssignment.objects.filter(wave=OuterRef("pk"), facilitator=user))
        )
    return qs.filter(Exists(Enrolment.objects.filter(wave=OuterRef("pk"), participant=user)))


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    qs = Enrolment.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if _is_staff(user):
        return account_permissions.scope_filter(user, qs, "organisation")
    if user.role == Role.FACILITATOR:
        return qs.filter(
            Exists(FacilitatorAssignment.objects.filter(wave=OuterRef("wave"), facilitator=user))
        )
    return qs.filter(participant=user)


def programmes_visible_to(user) -> QuerySet[Programme]:
    qs = Programme.objects.all()
    if account_permissions.is_national(user):
        return qs
    visible_waves = waves_visible_to(user).filter(programme=OuterRef("pk"))
    q = Q(Exists(visible_waves))
    if _is_staff(user):
        q |= account_permissions.region_q(user, "organiser")
    return qs.filter(q)


def can_change_wave(user, wave: Wave) -> bool:
    """Change a wave's dates, seats and facilitators: national staff, or staff of the host's
    region."""
    if account_permissions.is_national(user):
        return True
    if not account_permissions.is_programme_staff(user):
        return False
    return account_permissions.organisations_visible_to(user).filter(pk=wave.host_site_id).exists()


def can_enrol(user, wave: Wave, organisation: Organisation) -> bool:
    """Enrol someone from ``organisation`` in ``wave``: staff who can see the wave's programme
    and whose region holds the organisation."""
    if not _is_staff(user):
        return False
    if not account_permissions.can_manage_organisation(user, organisation):
        return False
    if account_permissions.is_national(user):
        return True
    return programmes_visible_to(user).filter(pk=wave.programme_id).exists()


def require_can_enrol(user, wave: Wave, organisation: Organisation) -> None:
    if not can_enrol(user, wave, organisation):
        raise PermissionDenied("You may not enrol people from this organisation in this wave.")


def can_change_enrolment(user, enrolment: Enrolment) -> bool:
    return _is_staff(user) and enrolments_visible_to(user).filter(pk=enrolment.pk).exists()


def require_can_change_enrolment(user, enrolment: Enrolment) -> None:
    if not can_change_enrolment(user, enrolment):
        raise PermissionDenied("This enrolment is outside your scope.")
