"""Every write about curricula and learning progress. Progress is a record, not page data: it is
keyed on the lesson's translation key and keeps title snapshots (see ``courses.models``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import audit, content_cache
from lms.changes import apply_changes, delete_recorded

from . import permissions
from .models import CoursePage, CurriculumEntry, LessonCompletion, LessonPage, QuizAttempt

CURRICULUM_FIELDS = ["programme", "wave", "course", "sort_order"]


def _curriculum_audit_scope(entry: CurriculumEntry) -> dict:
    organiser = entry.programme.organiser
    return {"province_code": organiser.province.code, "organisation_id": organiser.pk}


def _access_changed_on_commit() -> None:
    """Who may open which course follows the curricula (cached access decisions)."""
    transaction.on_commit(content_cache.access_changed)


def _check_curriculum_entry(entry: CurriculumEntry) -> None:
    entry.full_clean(validate_constraints=False)
    duplicate = CurriculumEntry.objects.filter(
        programme=entry.programme, wave=entry.wave, course=entry.course
    ).exclude(pk=entry.pk)
    if duplicate.exists():
        raise ValidationError(
            {"course": _("Kursus ini sudah ada di kurikulum tersebut.")}, code="duplicate"
        )


@transaction.atomic
def curriculum_entry_create(
    *, actor, programme, course: CoursePage, wave=None, sort_order: int = 0
) -> CurriculumEntry:
    """Add a course to a programme's curriculum (or to one wave of it): those who may change
    the programme only; a wave must belong to the programme; a course appears once."""
    permissions.require_can_change_curriculum_of(actor, programme)
    entry = CurriculumEntry(programme=programme, wave=wave, course=course, sort_order=sort_order)
    _check_curriculum_entry(entry)
    entry.save()
    audit.record(
        actor=actor,
        action="curriculum.create",
        target=entry,
        after=audit.snapshot(entry, CURRICULUM_FIELDS),
        **_curriculum_audit_scope(entry),
    )
    _access_changed_on_commit()
    return entry


@transaction.atomic
def curriculum_entry_update(*, actor, entry: CurriculumEntry, **changes) -> CurriculumEntry:
    """Change a curriculum entry: allowed to those who may change its programme, before and
    after a move to another programme."""
    entry = CurriculumEntry.objects.select_for_update().get(pk=entry.pk)
    permissions.require_can_change_curriculum_of(actor, entry.programme)
    before, after = apply_changes(entry, changes, CURRICULUM_FIELDS)
    if not after:
        return entry
    if "programme" in after:
        permissions.require_can_change_curriculum_of(actor, entry.programme)
    _check_curriculum_entry(entry)
    entry.save()
    audit.record(
        actor=actor,
        action="curriculum.update",
        target=entry,
        before=before,
        after=after,
        **_curriculum_audit_scope(entry),
    )
    _access_changed_on_commit()
    return entry


@transaction.atomic
def curriculum_entry_delete(*, actor, entry: CurriculumEntry) -> None:
    """Take a course out of a curriculum: those who may change the programme."""
    entry = CurriculumEntry.objects.select_for_update().get(pk=entry.pk)
    permissions.require_can_change_curriculum_of(actor, entry.programme)
    delete_recorded(
        actor=actor,
        instance=entry,
        action="curriculum.delete",
        fields=CURRICULUM_FIELDS,
        in_use_message="",  # nothing protects a curriculum entry
        **_curriculum_audit_scope(entry),
    )
    _access_changed_on_commit()


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
