"""Every write about learning progress. Progress is a record, not page data: it is keyed on the
lesson's translation key and keeps title snapshots (see ``courses.models``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import content_cache

from . import permissions
from .models import LessonCompletion, LessonPage, QuizAttempt


def _progress_changed_on_commit(user) -> None:
    user_id = user.pk
    transaction.on_commit(lambda: content_cache.progress_changed(user_id=user_id))


@transaction.atomic
def lesson_complete(*, user, lesson: LessonPage) -> LessonCompletion:
    """A learner marks a lesson done once; marking it again keeps the first completion."""
    course = lesson.get_course()
    permissions.require_can_view_course_content(user, course)
    existing = LessonCompletion.objects.filter(user=user, lesson_key=lesson.translation_key).first()
    if existing is not None:
        return existing
    _progress_changed_on_commit(user)
    completion = LessonCompletion(
        user=user,
        lesson_key=lesson.translation_key,
        course_key=course.translation_key,
        lesson_page_id=lesson.pk,
        lesson_title=lesson.title[:255],
        course_title=course.title[:255],
        completed_at=timezone.now(),
    )
    completion.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            completion.save()
    except IntegrityError:  # a double click raced us: the first completion stands
        return LessonCompletion.objects.get(user=user, lesson_key=lesson.translation_key)
    return completion


@transaction.atomic
def lesson_reopen(*, user, lesson: LessonPage) -> None:
    """A learner may take back "done" on a lesson (their own record only)."""
    permissions.require_can_view_course_content(user, lesson.get_course())
    LessonCompletion.objects.filter(user=user, lesson_key=lesson.translation_key).delete()
    _progress_changed_on_commit(user)


@transaction.atomic
def quiz_answer(*, user, lesson: LessonPage, block_id: str, answer_index: int) -> QuizAttempt:
    """Record one answer to a lesson's self-check quiz; every attempt is kept."""
    permissions.require_can_view_course_content(user, lesson.get_course())
    block = next(
        (b for b in lesson.body if b.block_type == "quiz" and b.id == block_id),
        None,
    )
    if block is None:
        raise ValidationError(_("Kuis ini tidak ada lagi di pelajaran ini."))
    answers = block.value["answers"]
    if not 0 <= answer_index < len(answers):
        raise ValidationError(_("Pilih salah satu jawaban."))
    answer = answers[answer_index]
    attempt = QuizAttempt(
        user=user,
        lesson_key=lesson.translation_key,
        lesson_page_id=lesson.pk,
        block_id=block_id,
        question=str(block.value["question"])[:500],
        answer=str(answer["text"])[:500],
        answer_index=answer_index,
        is_correct=bool(answer["is_correct"]),
        attempted_at=timezone.now(),
    )
    attempt.full_clean()
    attempt.save()
    return attempt
