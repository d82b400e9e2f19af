import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.factories import (
    AdminFactory,
    EditorFactory,
    FacilitatorFactory,
    StaffFactory,
    TraineeFactory,
)
from courses import factories
from courses.permissions import can_view_course_content, learner_courses
from programmes import services as programme_services
from programmes.constants import EnrolmentStatus, FacilitatorRole
from programmes.factories import WaveFactory, enrol

pytestmark = pytest.mark.django_db


def test_trainee_enrolled_in_the_programme_may_open_lessons(course, enrolled_trainee):
    assert can_view_course_content(enrolled_trainee, course)


def test_trainee_not_enrolled_in_the_programme_may_not_open_lessons(course, enrolled_trainee):
    assert not can_view_course_content(TraineeFactory(), course)


def test_trainee_of_another_programme_may_not_open_lessons(course, enrolled_trainee):
    other = TraineeFactory()
    enrol(WaveFactory(), other)
    assert not can_view_course_content(other, course)


def test_anonymous_may_not_open_lessons(course):
    assert not can_view_course_content(AnonymousUser(), course)


@pytest.mark.parametrize("factory", [StaffFactory, EditorFactory, AdminFactory])
def test_content_staff_may_open_every_lesson(course, factory):
    assert can_view_course_content(factory(), course)


def test_course_open_to_all_is_open_to_every_signed_in_trainee(db):
    open_course = factories.course(open_to_all_trainees=True)
    assert can_view_course_content(TraineeFactory(), open_course)
    assert not can_view_course_content(AnonymousUser(), open_course)


def test_wave_curriculum_opens_the_course_to_that_wave_only(course):
    wave1 = WaveFactory()
    wave2 = WaveFactory(programme=wave1.programme)
    factories.CurriculumEntryFactory(programme=wave1.programme, wave=wave1, course=course)
    in_wave1, in_wave2 = TraineeFactory(), TraineeFactory()
    enrol(wave1, in_wave1)
    enrol(wave2, in_wave2)
    assert can_view_course_content(in_wave1, course)
    assert not can_view_course_content(in_wave2, course)


def test_withdrawn_trainee_loses_access(course, wave):
    factories.CurriculumEntryFactory(programme=wave.programme, course=course)
    trainee = TraineeFactory()
    enrolment = enrol(wave, trainee)
    admin = AdminFactory()
    programme_services.enrolment_change(
        actor=admin, enrolment=enrolment, status=EnrolmentStatus.WITHDRAWN, reason="Pindah"
    )
    assert not can_view_course_content(trainee, course)


def test_facilitator_of_the_wave_may_open_lessons(course, wave):
    factories.CurriculumEntryFactory(programme=wave.programme, course=course)
    facilitator = FacilitatorFactory()
    programme_services.facilitator_assign(
        actor=AdminFactory(), wave=wave, facilitator=facilitator, role=FacilitatorRole.FACILITATOR
    )
    assert can_view_course_content(facilitator, course)
    assert not can_view_course_content(FacilitatorFactory(), course)


def test_learner_courses_lists_curriculum_and_open_courses(course, enrolled_trainee):
    open_course = factories.course(open_to_all_trainees=True)
    factories.course()  # not for this trainee
    assert set(learner_courses(enrolled_trainee)) == {course, open_course}
