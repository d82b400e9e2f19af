import pytest
from django.urls import reverse

from accounts.factories import EditorFactory, StaffFactory, TraineeFactory
from courses import factories
from courses.models import LessonCompletion, QuizAttempt

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user, backend="accounts.backends.UsernameOrEmailBackend")


def test_anonymous_sees_catalogue_and_course_overview(client, course):
    catalogue = course.get_parent()
    response = client.get(catalogue.url)
    assert response.status_code == 200
    assert course.title in response.text
    response = client.get(course.url)
    assert response.status_code == 200
    assert "Pelajaran 1.1" in response.text  # the outline is public


def test_anonymous_is_sent_to_login_from_a_lesson(client, course):
    lesson = factories.lessons_of(course)[0]
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_anonymous_is_sent_to_login_from_a_module(client, course):
    module = course.get_children().first()
    assert client.get(module.url).status_code == 302


def test_trainee_not_in_the_programme_gets_403_on_a_lesson(client, course, enrolled_trainee):
    login(client, TraineeFactory())
    lesson = factories.lessons_of(course)[0]
    assert client.get(lesson.url).status_code == 403
    assert (
        client.get(reverse("courses:module-print", args=[lesson.get_parent().pk])).status_code
        == 403
    )
    response = client.post(reverse("courses:lesson-complete", args=[lesson.pk]))
    assert response.status_code == 403
    assert not LessonCompletion.objects.exists()


def test_enrolled_trainee_reads_a_lesson(client, course, enrolled_trainee):
    login(client, enrolled_trainee)
    lesson = factories.lessons_of(course)[0]
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert "Siapa yang mengesahkan AD/ART?" in response.text
    assert "<iframe" not in response.text


@pytest.mark.parametrize("factory", [StaffFactory, EditorFactory])
def test_staff_and_editors_read_every_lesson(client, course, factory):
    login(client, factory())
    assert client.get(factories.lessons_of(course)[0].url).status_code == 200


def test_mark_as_done_is_a_plain_post_that_moves_to_the_next_lesson(
    client, course, enrolled_trainee
):
    login(client, enrolled_trainee)
    first, second = factories.lessons_of(course)[:2]
    response = client.post(
        reverse("courses:lesson-complete", args=[first.pk]), {"next": second.url}
    )
    assert response.status_code == 302
    assert response["Location"] == second.url
    response = client.get(course.url)
    assert "1 dari 4 pelajaran (25%)" in response.text


def test_mark_as_done_with_htmx_returns_the_form_fragment(client, course, enrolled_trainee):
    login(client, enrolled_trainee)
    lesson = factories.lessons_of(course)[0]
    response = client.post(
        reverse("courses:lesson-complete", args=[lesson.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "sudah selesai" in response.text
    assert "<html" not in response.text


def test_undo_takes_back_done(client, course, enrolled_trainee):
    login(client, enrolled_trainee)
    lesson = factories.lessons_of(course)[0]
    client.post(reverse("courses:lesson-complete", args=[lesson.pk]))
    client.post(reverse("courses:lesson-complete", args=[lesson.pk]), {"undo": "1"})
    assert not LessonCompletion.objects.exists()


def test_quiz_answer_shows_that_answers_feedback(client, course, enrolled_trainee):
    login(client, enrolled_trainee)
    lesson = factories.lessons_of(course)[0]
    block = next(b for b in lesson.body if b.block_type == "quiz")
    response = client.post(
        reverse("courses:quiz-answer", args=[lesson.pk]), {"block_id": block.id, "answer": "1"}
    )
    assert response.status_code == 302
    attempt = QuizAttempt.objects.get()
    assert not attempt.is_correct
    response = client.get(lesson.url)
    assert "Bukan ketua saja." in response.text
    assert "Tepat sekali." not in response.text


def test_module_print_view_lists_every_lesson_in_full(client, course, enrolled_trainee):
    login(client, enrolled_trainee)
    module = course.get_children().first()
    response = client.get(reverse("courses:module-print", args=[module.pk]))
    assert response.status_code == 200
    assert response.text.count('class="print-lesson"') == 2
    assert 'name="answer"' not in response.text  # a printed quiz is a plain list
    # The print button works under the CSP: a handler from our own static file, none inline.
    assert "data-print" in response.text and "courses/print.js" in response.text
    assert "onclick" not in response.text


def test_english_translation_of_a_lesson_is_open_to_the_same_trainee(
    client, course, enrolled_trainee
):
    from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
    from wagtail.models import Locale, Page

    english = Locale.objects.get_or_create(language_code="en")[0]
    translated = CopyPageForTranslationAction(
        course, english, copy_parents=True, include_subtree=True
    ).execute(skip_permission_checks=True)
    # Fresh from the database: the copy's in-memory tree counters are stale.
    for page in Page.objects.descendant_of(translated, inclusive=True).specific():
        page.save_revision().publish()
    lesson = factories.lessons_of(translated)[0]
    login(client, enrolled_trainee)
    assert client.get(lesson.url).status_code == 200
