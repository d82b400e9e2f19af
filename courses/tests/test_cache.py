"""Cached course structure follows published content at once."""

import pytest
from django.urls import reverse

from accounts.factories import StaffFactory, TraineeFactory
from courses import factories
from courses.models import LessonPage
from courses.selectors import learner_progress

pytestmark = pytest.mark.django_db


def test_a_newly_published_lesson_appears_in_the_outline_at_once(client):
    course = factories.course(modules=1, lessons_per_module=1)
    client.force_login(StaffFactory())
    assert "Pelajaran Baru" not in client.get(course.url).content.decode()  # outline cached now
    module = course.get_children().first()
    lesson = module.add_child(instance=LessonPage(title="Pelajaran Baru", slug="baru", live=False))
    lesson.save_revision().publish()
    assert "Pelajaran Baru" in client.get(course.url).content.decode()


def test_an_unpublished_lesson_leaves_the_outline_and_its_url(client):
    course = factories.course(modules=1, lessons_per_module=2)
    client.force_login(StaffFactory())
    first, second = factories.lessons_of(course)
    assert second.title in client.get(course.url).content.decode()
    second.unpublish()
    assert second.title not in client.get(course.url).content.decode()
    assert client.get(second.url_path.replace("/beranda", "", 1)).status_code == 404


def test_lessons_under_an_unpublished_module_are_not_served(client):
    course = factories.course(modules=1, lessons_per_module=1)
    client.force_login(StaffFactory())
    lesson = factories.lessons_of(course)[0]
    url = lesson.url
    assert client.get(url).status_code == 200
    lesson.get_parent().specific.unpublish()
    lesson.refresh_from_db()
    assert lesson.live  # only its module is a draft now
    assert client.get(url).status_code == 404


def test_the_home_does_not_count_lessons_under_a_draft_module(client):
    course = factories.course(modules=2, lessons_per_module=2, open_to_all_trainees=True)
    trainee = TraineeFactory()
    assert [p.total for p in learner_progress(user=trainee)] == [4]
    course.get_children().first().specific.unpublish()
    assert [p.total for p in learner_progress(user=trainee)] == [2]


def test_marking_a_lesson_done_shows_at_once_although_progress_is_cached(
    client, django_capture_on_commit_callbacks
):
    course = factories.course(modules=1, lessons_per_module=2, open_to_all_trainees=True)
    trainee = TraineeFactory()
    client.force_login(trainee)
    first, _second = factories.lessons_of(course)
    assert [p.done for p in learner_progress(user=trainee)] == [0]  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("courses:lesson-complete", args=[first.pk]))
    assert [p.done for p in learner_progress(user=trainee)] == [1]
