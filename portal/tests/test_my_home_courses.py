"""The trainee's home shows my courses with progress and the next lesson to take."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.factories import TraineeFactory
from courses import factories, services
from programmes.factories import WaveFactory, enrol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _indonesian():
    """An earlier request under /en/ leaves English active in this thread; start from the
    source language as a fresh request does."""
    translation.activate("id")
    yield
    translation.deactivate()


def _login(client, user):
    client.force_login(user, backend="accounts.backends.UsernameOrEmailBackend")


@pytest.fixture
def setup():
    wave = WaveFactory()
    course = factories.course(title="Menyusun AD/ART koperasi")
    factories.CurriculumEntryFactory(programme=wave.programme, course=course)
    trainee = TraineeFactory()
    enrol(wave, trainee)
    return {"trainee": trainee, "course": course, "wave": wave}


def test_home_lists_my_courses_with_progress_and_next_lesson(client, setup):
    lessons = factories.lessons_of(setup["course"])
    services.lesson_complete(user=setup["trainee"], lesson=lessons[0])
    _login(client, setup["trainee"])
    response = client.get(reverse("portal:my-home"))
    assert response.status_code == 200
    html = response.text
    assert "Menyusun AD/ART koperasi" in html
    assert "1 dari 4 pelajaran (25%)" in html
    assert 'value="25"' in html
    assert lessons[1].url in html  # next lesson to take
    assert setup["wave"].programme.title in html


def test_home_does_not_list_courses_of_other_programmes(client, setup):
    other = TraineeFactory()
    enrol(WaveFactory(), other)
    _login(client, other)
    response = client.get(reverse("portal:my-home"))
    assert "Menyusun AD/ART koperasi" not in response.text
    assert "Belum ada kursus untuk Anda." in response.text


def test_home_survives_a_deleted_lesson_that_was_done(client, setup):
    lessons = factories.lessons_of(setup["course"])
    services.lesson_complete(user=setup["trainee"], lesson=lessons[0])
    lessons[0].delete()
    _login(client, setup["trainee"])
    response = client.get(reverse("portal:my-home"))
    assert response.status_code == 200
    assert "0 dari 3 pelajaran (0%)" in response.text


def test_home_shows_every_course_done(client, setup):
    for lesson in factories.lessons_of(setup["course"]):
        services.lesson_complete(user=setup["trainee"], lesson=lesson)
    _login(client, setup["trainee"])
    response = client.get(reverse("portal:my-home"))
    assert "4 dari 4 pelajaran (100%)" in response.text
    assert "Semua pelajaran di kursus Anda sudah selesai" in response.text
