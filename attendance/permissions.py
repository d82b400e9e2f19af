"""Who may see, change and delete sessions and who may take attendance.

See a session (its agenda, roll call page read-only, rates): whoever sees its wave
(``programmes.api.waves_visible_to``): staff of the region, the wave's facilitators, its
trainees.

Build the schedule (add, change, delete sessions; attach signed sheets): staff who may change
the wave (staff of the host's region).

Take attendance (roll call, QR screen, offline sync, resolve conflicts): the wave's facilitators
and staff who may change the wave. Staff who see a wave only because their people attend it read
its attendance, never mark it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.api import Role
from lms.permissions import ScopedPermissionPolicy
from programmes import api as programmes

from .models import AttendanceSettings, Session

__all__ = ["PermissionDenied"]


def sessions_visible_to(user) -> QuerySet[Session]:
    if not user.is_authenticated:
        return Session.objects.none()
    return Session.objects.filter(wave__in=programmes.waves_visible_to(user).values("pk"))


def sessions_changeable_by(user) -> QuerySet[Session]:
    return Session.objects.filter(wave__in=programmes.waves_changeable_by(user).values("pk"))


def _facilitates(user) -> Exists:
    return Exists(
        programmes.FacilitatorAssignment.objects.filter(wave=OuterRef("wave"), facilitator=user)
    )


def sessions_markable_by(user) -> QuerySet[Session]:
    """Sessions whose attendance the user may take."""
    if not user.is_authenticated:
        return Session.objects.none()
    q = Q(wave__in=programmes.waves_changeable_by(user).values("pk"))
    if user.role == Role.FACILITATOR:
        q |= Q(_facilitates(user))
    return Session.objects.filter(q)


def can_mark(user, session: Session) -> bool:
    if not user.is_authenticated:
        return False
    if user.role == Role.FACILITATOR:
        return programmes.FacilitatorAssignment.objects.filter(
            wave_id=session.wave_id, facilitator=user
        ).exists()
    return programmes.can_change_wave(user, session.wave)


def require_can_mark(user, session: Session) -> None:
    if not can_mark(user, session):
        raise PermissionDenied("You may not take attendance for this session.")


def can_change_schedule(user, wave) -> bool:
    return programmes.can_change_wave(user, wave)


def require_can_change_schedule(user, wave) -> None:
    if not can_change_schedule(user, wave):
        raise PermissionDenied("This wave's schedule is outside your scope.")


def settings_visible_to(user) -> QuerySet[AttendanceSettings]:
    return AttendanceSettings.objects.filter(
        programme__in=programmes.programmes_visible_to(user).values("pk")
    )


def settings_changeable_by(user) -> QuerySet[AttendanceSettings]:
    return AttendanceSettings.objects.filter(
        programme__in=programmes.programmes_changeable_by(user).values("pk")
    )


session_policy = ScopedPermissionPolicy(
    Session, visible=sessions_visible_to, changeable=sessions_changeable_by
)
settings_policy = ScopedPermissionPolicy(
    AttendanceSettings, visible=settings_visible_to, changeable=settings_changeable_by
)
