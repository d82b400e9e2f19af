"""Who may open a course's modules and lessons, and who may change curricula. The
``before_serve_page`` and ``before_serve_document`` hooks, views, the print view, services, the
trainee home and the admin (``curriculum_entry_policy``) all ask here.

- Anyone, signed in or not, sees the catalogue and a course's overview.
- Content staff (programme staff, editors, administrators, superusers) open every lesson.
- Any signed-in user opens the lessons of a course marked "open to every signed-in trainee".
- Otherwise a trainee opens a course's lessons when a wave they are enrolled in (not withdrawn)
  uses the course: the curriculum links the course to the wave, or to its whole programme.
  A facilitator does the same through the waves they are assigned to.

A course and its translations share one ``translation_key``, so access granted to the
Indonesian course holds for the English one too.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from accounts.api import ADMIN_ROLES, Role
from lms import content_cache
from lms.permissions import ScopedPermissionPolicy
from programmes import api as programmes

from . import models


def is_content_staff(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or user.role in ADMIN_ROLES)
    )


def _learner_waves(user) -> QuerySet:
    """Ids of the waves through which ``user`` follows courses."""
    if user.role == Role.FACILITATOR:
        return programmes.waves_visible_to(user).values("pk")
    return programmes.participant_enrolments(participant=user).order_by().values("wave_id")


def curriculum_entries_for(user) -> QuerySet[models.CurriculumEntry]:
    if not user.is_authenticated:
        return models.CurriculumEntry.objects.none()
    waves = _learner_waves(user)
    programme_ids = programmes.waves_visible_to(user).filter(pk__in=waves).values("programme_id")
    return models.CurriculumEntry.objects.filter(
        Q(wave__in=waves) | Q(wave__isnull=True, programme__in=programme_ids)
    )


def can_view_course_content(user, course: models.CoursePage) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if is_content_staff(user) or course.open_to_all_trainees:
        return True
    if user.role == Role.TRAINEE:
        # The same rule as curriculum_entries_for, as one plain join, and cached: this runs on
        # every lesson a trainee opens. The key follows the user's enrolments and curricula.
        key = (
            f"courses:access:{user.pk}:{course.translation_key}:"
            f"{content_cache.access_version(user.pk)}"
        )
        allowed = cache.get(key)
        if allowed is None:
            allowed = _trainee_follows(user, course)
            cache.set(key, allowed, timeout=content_cache.ACCESS_TIMEOUT)
        return allowed
    return (
        curriculum_entries_for(user).filter(course__translation_key=course.translation_key).exists()
    )


def _trainee_follows(user, course: models.CoursePage) -> bool:
    seat = programmes.SEAT_STATUSES
    return (
        models.CurriculumEntry.objects.filter(course__translation_key=course.translation_key)
        .filter(
            Q(wave__enrolments__participant=user, wave__enrolments__status__in=seat)
            | Q(
                wave__isnull=True,
                programme__waves__enrolments__participant=user,
                programme__waves__enrolments__status__in=seat,
            )
        )
        .exists()
    )


def require_can_view_course_content(user, course: models.CoursePage) -> None:
    if not can_view_course_content(user, course):
        raise PermissionDenied("You may not open the lessons of this course.")


def learner_courses(user) -> QuerySet[models.CoursePage]:
    """The live courses (every locale) whose lessons ``user`` follows as a learner: the ones in
    their curriculum and the ones open to everyone. Content staff are not learners here."""
    if not user.is_authenticated:
        return models.CoursePage.objects.none()
    keys = curriculum_entries_for(user).values("course__translation_key")
    return models.CoursePage.objects.live().filter(
        Q(open_to_all_trainees=True) | Q(translation_key__in=keys)
    )


# --- Curriculum: which programme or wave uses which course ------------------------------------
# Seen with the programme; changed (and deleted) by those who may change the programme.


def curriculum_entries_visible_to(user) -> QuerySet[models.CurriculumEntry]:
    return models.CurriculumEntry.objects.filter(
        programme__in=programmes.programmes_visible_to(user).values("pk")
    )


def curriculum_entries_changeable_by(user) -> QuerySet[models.CurriculumEntry]:
    return models.CurriculumEntry.objects.filter(
        programme__in=programmes.programmes_changeable_by(user).values("pk")
    )


def require_can_change_curriculum_of(user, programme) -> None:
    if not programmes.can_change_programme(user, programme):
        raise PermissionDenied("The curriculum of this programme is outside your scope.")


curriculum_entry_policy = ScopedPermissionPolicy(
    models.CurriculumEntry,
    visible=curriculum_entries_visible_to,
    changeable=curriculum_entries_changeable_by,
)
