"""Who may see, change and delete programmes, waves and enrolments. Views, exports, services and
the admin (through the policies at the bottom) all ask here.

See:
- administrators and national staff: everything;
- regional staff: waves hosted in their region or attended by people from it; enrolments of
  people whose cooperative or unit is in their region; programmes organised in their region or
  with a wave they see;
- facilitators: the waves they are assigned to, and those waves' enrolments;
- trainees: their own enrolments and the waves of them.

Change (and delete, where the role's model permissions allow deleting at all):
- a wave (its dates, seats, host, facilitators): staff of its host's region;
- a programme (its completion rule, partners, and its curriculum): staff of its organiser's
  region;
- an enrolment: staff whose scope holds the participant's organisation.
Seeing a record never implies changing it: staff of Jawa Barat who see a Sulawesi Tengah wave
because one of their people attends it may read it, not change it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.api import Role, can_manage_organisation, scope_of
from lms.permissions import ScopedPermissionPolicy
from organisations.api import Organisation

from .models import Enrolment, FacilitatorAssignment, Programme, Wave

__all__ = ["PermissionDenied"]


# --- Waves ----------------------------------------------------------------------------------


def waves_visible_to(user) -> QuerySet[Wave]:
    qs = Wave.objects.all()
    if not user.is_authenticated:
        return qs.none()
    scope = scope_of(user)
    if scope.national:
        return qs
    if scope.staff:
        attended = Exists(
            Enrolment.objects.filter(wave=OuterRef("pk")).filter(scope.q("organisation"))
        )
        return qs.filter(scope.q("host_site") | Q(attended))
    if user.role == Role.FACILITATOR:
        return qs.filter(
            Exists(FacilitatorAssignment.objects.filter(wave=OuterRef("pk"), facilitator=user))
        )
    return qs.filter(Exists(Enrolment.objects.filter(wave=OuterRef("pk"), participant=user)))


def waves_changeable_by(user) -> QuerySet[Wave]:
    scope = scope_of(user)
    if not scope.staff:
        return Wave.objects.none()
    return scope.filter(Wave.objects.all(), "host_site")


def can_change_wave(user, wave: Wave) -> bool:
    """Change a wave's dates, seats, host and facilitators: staff of the host's region."""
    return scope_of(user).staff and can_manage_organisation(user, wave.host_site)


def require_can_change_wave(user, wave: Wave) -> None:
    if not can_change_wave(user, wave):
        raise PermissionDenied("This wave is outside your scope.")


# --- Programmes -----------------------------------------------------------------------------


def programmes_visible_to(user) -> QuerySet[Programme]:
    qs = Programme.objects.all()
    scope = scope_of(user)
    if scope.national:
        return qs
    q = Q(Exists(waves_visible_to(user).filter(programme=OuterRef("pk"))))
    if scope.staff:
        q |= scope.q("organiser")
    return qs.filter(q)


def programmes_changeable_by(user) -> QuerySet[Programme]:
    scope = scope_of(user)
    if not scope.staff:
        return Programme.objects.none()
    return scope.filter(Programme.objects.all(), "organiser")


def can_change_programme(user, programme: Programme) -> bool:
    """Change a programme, its completion rule, partners and curriculum: staff of the
    organiser's region."""
    return scope_of(user).staff and can_manage_organisation(user, programme.organiser)


def require_can_change_programme(user, programme: Programme) -> None:
    if not can_change_programme(user, programme):
        raise PermissionDenied("This programme is outside your scope.")


def can_add_wave_to(user, programme: Programme) -> bool:
    """A new wave belongs to a programme the user may see (a regional office may host a wave of
    a national programme); its host must be in the user's region (checked on the wave)."""
    return scope_of(user).staff and programmes_visible_to(user).filter(pk=programme.pk).exists()


# --- Enrolments -----------------------------------------------------------------------------


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    qs = Enrolment.objects.all()
    if not user.is_authenticated:
        return qs.none()
    scope = scope_of(user)
    if scope.staff:
        return scope.filter(qs, "organisation")
    if user.role == Role.FACILITATOR:
        return qs.filter(
            Exists(FacilitatorAssignment.objects.filter(wave=OuterRef("wave"), facilitator=user))
        )
    return qs.filter(participant=user)


def enrolments_changeable_by(user) -> QuerySet[Enrolment]:
    scope = scope_of(user)
    if not scope.staff:
        return Enrolment.objects.none()
    return scope.filter(Enrolment.objects.all(), "organisation")


def can_enrol(user, wave: Wave, organisation: Organisation) -> bool:
    """Enrol someone from ``organisation`` in ``wave``: staff whose region holds the
    organisation, into a wave whose programme they can see."""
    scope = scope_of(user)
    if not scope.staff or not can_manage_organisation(user, organisation):
        return False
    return scope.national or programmes_visible_to(user).filter(pk=wave.programme_id).exists()


def require_can_enrol(user, wave: Wave, organisation: Organisation) -> None:
    if not can_enrol(user, wave, organisation):
        raise PermissionDenied("You may not enrol people from this organisation in this wave.")


def can_change_enrolment(user, enrolment: Enrolment) -> bool:
    return scope_of(user).staff and can_manage_organisation(user, enrolment.organisation)


def require_can_change_enrolment(user, enrolment: Enrolment) -> None:
    if not can_change_enrolment(user, enrolment):
        raise PermissionDenied("This enrolment is outside your scope.")


# --- Policies: the admin asks these -----------------------------------------------------------

programme_policy = ScopedPermissionPolicy(
    Programme, visible=programmes_visible_to, changeable=programmes_changeable_by
)
wave_policy = ScopedPermissionPolicy(Wave, visible=waves_visible_to, changeable=waves_changeable_by)
# Enrolments are withdrawn, never deleted: the history stays on the row and in the audit trail.
enrolment_policy = ScopedPermissionPolicy(
    Enrolment,
    visible=enrolments_visible_to,
    changeable=enrolments_changeable_by,
    deletable=lambda user: Enrolment.objects.none(),
)
