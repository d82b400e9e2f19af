"""Who may see, change and delete assignments, rubrics, submissions, grades and logbook entries.
Views, exports, services and the admin (through the policies at the bottom) all ask here.

Assignments:
- see: whoever sees the wave (``programmes.api.waves_visible_to``);
- change/delete: staff who may change the wave (its host's region) and the wave's facilitators.

Rubrics: reusable; staff and facilitators see them all, staff change them.

Submissions (and their versions, files and grades):
- a trainee sees their own, and their cooperative team's in a wave they are (or were: a member
  who withdraws keeps what was graded) enrolled in with that cooperative;
- a facilitator sees those of the waves they are assigned to, and grades them;
- staff see those of waves hosted in their region and of their region's people; they grade
  only in waves hosted in their region.
Grades are shown to a trainee only once released.

Logbook entries:
- an apprentice records and sees their own; a facilitator of the wave records for them;
- the wave's mentors (facilitators assigned with the mentor role) sign off or return them;
- staff in scope read them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.api import Role, scope_of
from lms.permissions import ScopedPermissionPolicy
from programmes import api as programmes

from .models import Assignment, LogbookEntry, Rubric, Submission

__all__ = ["PermissionDenied"]

MENTOR = "pendamping"  # programmes' FacilitatorRole.MENTOR


def _assigned(user, wave_ref: str = "wave", *, role: str | None = None) -> Exists:
    rows = programmes.FacilitatorAssignment.objects.filter(
        wave=OuterRef(wave_ref), facilitator=user
    )
    if role:
        rows = rows.filter(role=role)
    return Exists(rows)


# --- Assignments ----------------------------------------------------------------------------


def assignments_visible_to(user) -> QuerySet[Assignment]:
    if not user.is_authenticated:
        return Assignment.objects.none()
    return Assignment.objects.filter(wave__in=programmes.waves_visible_to(user).values("pk"))


def assignments_changeable_by(user) -> QuerySet[Assignment]:
    if not user.is_authenticated:
        return Assignment.objects.none()
    q = Q(wave__in=programmes.waves_changeable_by(user).values("pk"))
    if user.role == Role.FACILITATOR:
        q |= Q(_assigned(user))
    return Assignment.objects.filter(q)


def can_set_assignments(user, wave) -> bool:
    """Add or change a wave's assignments."""
    if not user.is_authenticated:
        return False
    if user.role == Role.FACILITATOR:
        return programmes.FacilitatorAssignment.objects.filter(wave=wave, facilitator=user).exists()
    return programmes.can_change_wave(user, wave)


def require_can_set_assignments(user, wave) -> None:
    if not can_set_assignments(user, wave):
        raise PermissionDenied("You may not set assignments for this wave.")


# --- Rubrics --------------------------------------------------------------------------------


def rubrics_visible_to(user) -> QuerySet[Rubric]:
    if scope_of(user).staff or getattr(user, "role", None) == Role.FACILITATOR:
        return Rubric.objects.all()
    return Rubric.objects.none()


def rubrics_changeable_by(user) -> QuerySet[Rubric]:
    if scope_of(user).staff:
        return Rubric.objects.all()
    return Rubric.objects.none()


def require_can_change_rubrics(user) -> None:
    if not scope_of(user).staff:
        raise PermissionDenied("Only programme staff change rubrics.")


# --- Submissions ----------------------------------------------------------------------------


def _team_member(user) -> Exists:
    """The user is (or was) enrolled in the submission's wave with its team's cooperative."""
    return Exists(
        programmes.Enrolment.objects.filter(
            participant=user, wave=OuterRef("assignment__wave"), organisation=OuterRef("team")
        )
    )


def submissions_visible_to(user) -> QuerySet[Submission]:
    qs = Submission.objects.all()
    if not user.is_authenticated:
        return qs.none()
    scope = scope_of(user)
    if scope.national:
        return qs
    if scope.staff:
        return qs.filter(
            scope.q("assignment__wave__host_site")
            | scope.q("participant__organisation")
            | scope.q("team")
        )
    if user.role == Role.FACILITATOR:
        return qs.filter(_assigned(user, "assignment__wave"))
    if user.role == Role.TRAINEE:
        return qs.filter(Q(participant=user) | Q(_team_member(user), team__isnull=False))
    return qs.none()


def submissions_gradable_by(user) -> QuerySet[Submission]:
    """Submissions the user may grade, return and release: the wave's facilitators, and staff
    of the wave's host region."""
    qs = Submission.objects.all()
    if not user.is_authenticated:
        return qs.none()
    scope = scope_of(user)
    if scope.staff:
        return scope.filter(qs, "assignment__wave__host_site")
    if user.role == Role.FACILITATOR:
        return qs.filter(_assigned(user, "assignment__wave"))
    return qs.none()


def can_grade(user, submission: Submission) -> bool:
    return submissions_gradable_by(user).filter(pk=submission.pk).exists()


def require_can_grade(user, submission: Submission) -> None:
    if not can_grade(user, submission):
        raise PermissionDenied("You may not grade this submission.")


def can_see_submission(user, submission: Submission) -> bool:
    return submissions_visible_to(user).filter(pk=submission.pk).exists()


def can_grade_in_wave(user, wave) -> bool:
    """Grade (or hand in on behalf) in a wave."""
    if not user.is_authenticated:
        return False
    if user.role == Role.FACILITATOR:
        return programmes.FacilitatorAssignment.objects.filter(wave=wave, facilitator=user).exists()
    return programmes.can_change_wave(user, wave)


def sees_unreleased_grades(user, submission: Submission) -> bool:
    """Graders see a grade before it is released; trainees only after."""
    return getattr(user, "role", None) != Role.TRAINEE


def waves_gradable_by(user):
    if not user.is_authenticated:
        return programmes.Wave.objects.none()
    if user.role == Role.FACILITATOR:
        return programmes.Wave.objects.filter(_assigned(user, "pk"))
    return programmes.waves_changeable_by(user)


def gradebook_waves(user):
    """Waves whose gradebook the user may read: the wave's facilitators and staff who see it."""
    if not user.is_authenticated or user.role == Role.TRAINEE:
        return programmes.Wave.objects.none()
    return programmes.waves_visible_to(user)


# --- Logbook --------------------------------------------------------------------------------


def logbook_visible_to(user) -> QuerySet[LogbookEntry]:
    qs = LogbookEntry.objects.all()
    if not user.is_authenticated:
        return qs.none()
    scope = scope_of(user)
    if scope.staff:
        return scope.filter(qs, "enrolment__organisation")
    if user.role == Role.FACILITATOR:
        return qs.filter(_assigned(user, "enrolment__wave"))
    return qs.filter(enrolment__participant=user)


def logbook_reviewable_by(user) -> QuerySet[LogbookEntry]:
    """Entries the user signs off as host mentor."""
    if not user.is_authenticated or user.role != Role.FACILITATOR:
        return LogbookEntry.objects.none()
    return LogbookEntry.objects.filter(_assigned(user, "enrolment__wave", role=MENTOR))


def can_record_logbook(user, enrolment) -> bool:
    if not user.is_authenticated:
        return False
    if enrolment.participant_id == user.pk:
        return True
    if user.role == Role.FACILITATOR:
        return programmes.FacilitatorAssignment.objects.filter(
            wave_id=enrolment.wave_id, facilitator=user
        ).exists()
    return False


# --- Policies: the admin asks these -----------------------------------------------------------

assignment_policy = ScopedPermissionPolicy(
    Assignment, visible=assignments_visible_to, changeable=assignments_changeable_by
)
rubric_policy = ScopedPermissionPolicy(
    Rubric, visible=rubrics_visible_to, changeable=rubrics_changeable_by
)
