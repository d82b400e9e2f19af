"""Access decisions are cached, and every change that matters shows at once."""

import pytest
from django.urls import reverse

from accounts.factories import AdminFactory, StaffFactory, TraineeFactory
from courses import factories
from courses.models import CurriculumEntry
from courses.permissions import can_view_course_content
from organisations.factories import OrganisationFactory, province
from programmes import services as programme_services
from programmes.constants import EnrolmentStatus
from programmes.factories import ProgrammeFactory, WaveFactory, enrol

pytestmark = pytest.mark.django_db


def test_a_withdrawal_closes_the_course_even_after_access_was_cached(
    course, wave, django_capture_on_commit_callbacks
):
    factories.CurriculumEntryFactory(programme=wave.programme, course=course)
    trainee = TraineeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrol(wave, trainee)
    assert can_view_course_content(trainee, course)  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        programme_services.enrolment_change(
            actor=AdminFactory(),
            enrolment=enrolment,
            status=EnrolmentStatus.WITHDRAWN,
            reason="Pindah",
        )
    assert not can_view_course_content(trainee, course)


def test_removing_a_course_from_the_curriculum_closes_it_at_once(course, wave):
    entry = factories.CurriculumEntryFactory(programme=wave.programme, course=course)
    trainee = TraineeFactory()
    enrol(wave, trainee)
    assert can_view_course_content(trainee, course)
    entry.delete()
    assert not can_view_course_content(trainee, course)


def test_access_is_answered_from_the_cache_the_second_time(course, wave, django_assert_num_queries):
    factories.CurriculumEntryFactory(programme=wave.programme, course=course)
    trainee = TraineeFactory()
    enrol(wave, trainee)
    assert can_view_course_content(trainee, course)
    with django_assert_num_queries(0):
        assert can_view_course_content(trainee, course)


def test_regional_staff_see_only_their_programmes_curricula(client, course):
    jabar = ProgrammeFactory(
        title="Bimtek Jabar", organiser=OrganisationFactory(province=province("32"))
    )
    sulteng = ProgrammeFactory(
        title="Pendampingan Sulteng", organiser=OrganisationFactory(province=province("72"))
    )
    for programme in (jabar, sulteng):
        CurriculumEntry.objects.create(programme=programme, course=course)
    client.force_login(StaffFactory(scope_province=province("32")))
    html = client.get(reverse("curriculum:index")).content.decode()
    assert "Bimtek Jabar" in html and "Pendampingan Sulteng" not in html


def test_a_wave_must_belong_to_the_curriculum_programme(client, course):
    client.force_login(StaffFactory())
    programme = ProgrammeFactory()
    other_wave = WaveFactory()
    response = client.post(
        reverse("curriculum:add"),
        {"programme": programme.pk, "wave": other_wave.pk, "course": course.pk, "sort_order": 0},
    )
    assert response.status_code == 200
    assert "bukan bagian dari program" in response.content.decode()
    assert not CurriculumEntry.objects.exists()
