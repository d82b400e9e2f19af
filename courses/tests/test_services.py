import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.factories import TraineeFactory
from courses import factories, selectors, services
from courses.models import LessonCompletion, QuizAttempt

pytestmark = pytest.mark.django_db


def test_completing_twice_keeps_one_completion(course, enrolled_trainee):
    lesson = factories.lessons_of(course)[0]
    first = services.lesson_complete(user=enrolled_trainee, lesson=lesson)
    again = services.lesson_complete(user=enrolled_trainee, lesson=lesson)
    assert first.pk == again.pk
    assert LessonCompletion.objects.count() == 1


def test_only_a_trainee_with_access_may_complete(course, enrolled_trainee):
    with pytest.raises(PermissionDenied):
        services.lesson_complete(user=TraineeFactory(), lesson=factories.lessons_of(course)[0])


def test_progress_survives_moving_and_editing_the_lesson(course, enrolled_trainee):
    first, second, third, _fourth = factories.lessons_of(course)
    services.lesson_complete(user=enrolled_trainee, lesson=first)
    first.title = "Judul baru"
    first.slug = "judul-baru"
    first.save_revision().publish()
    first.move(third.get_parent(), pos="last-child")
    outline = selectors.course_outline(course=course, user=enrolled_trainee)
    assert outline.done_count == 1
    assert [i.lesson.title for i in outline.lessons if i.done] == ["Judul baru"]


def test_deleting_a_done_lesson_keeps_the_record_and_the_outline_works(course, enrolled_trainee):
    lesson = factories.lessons_of(course)[0]
    services.lesson_complete(user=enrolled_trainee, lesson=lesson)
    lesson.delete()
    assert LessonCompletion.objects.get().lesson_title == "Pelajaran 1.1"
    outline = selectors.course_outline(course=course, user=enrolled_trainee)
    assert (outline.done_count, outline.total) == (0, 3)


def test_resume_goes_to_the_first_lesson_not_done_after_the_last_done(course, enrolled_trainee):
    lessons = factories.lessons_of(course)
    services.lesson_complete(user=enrolled_trainee, lesson=lessons[1])
    outline = selectors.course_outline(course=course, user=enrolled_trainee)
    assert outline.next_lesson.pk == lessons[2].pk
    assert outline.percent == 25


def test_quiz_answer_records_correctness(course, enrolled_trainee):
    lesson = factories.lessons_of(course)[0]
    block = next(b for b in lesson.body if b.block_type == "quiz")
    attempt = services.quiz_answer(
        user=enrolled_trainee, lesson=lesson, block_id=block.id, answer_index=0
    )
    assert attempt.is_correct
    assert QuizAttempt.objects.count() == 1


def test_quiz_answer_out_of_range_is_refused(course, enrolled_trainee):
    lesson = factories.lessons_of(course)[0]
    block = next(b for b in lesson.body if b.block_type == "quiz")
    with pytest.raises(ValidationError):
        services.quiz_answer(
            user=enrolled_trainee, lesson=lesson, block_id=block.id, answer_index=9
        )
