"""Reads that course pages and the trainee home share. Each runs a fixed number of queries
whatever the number of modules, lessons, trainees or progress rows.

Reads for a page pass ``cached=False`` when the page is a preview: a preview never reads or
fills a cache that live pages use (the previewed page may be a draft, or not saved at all)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from wagtail.models import Page, ReferenceIndex

from lms import content_cache
from lms.content_cache import content_version

from . import models, permissions


@dataclass
class LessonItem:
    lesson: models.LessonPage
    done: bool


@dataclass
class ModuleItem:
    module: models.ModulePage
    lessons: list[LessonItem] = field(default_factory=list)


@dataclass
class Outline:
    """A course's modules and lessons in tree order, with one learner's progress."""

    modules: list[ModuleItem]
    lessons: list[LessonItem]
    done_count: int

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 0

    @property
    def next_lesson(self) -> models.LessonPage | None:
        """Where to resume: the first lesson not yet done after the last one done (or, when
        everything after it is done, the first not done at all)."""
        last_done = max((i for i, item in enumerate(self.lessons) if item.done), default=-1)
        for item in self.lessons[last_done + 1 :]:
            if not item.done:
                return item.lesson
        for item in self.lessons:
            if not item.done:
                return item.lesson
        return None


def catalogue_courses(*, catalogue: models.CourseIndexPage) -> QuerySet[models.CoursePage]:
    return (
        models.CoursePage.objects.child_of(catalogue)
        .live()
        .public()
        .select_related("track")
        .order_by("track__sort_order", "track__name", "path")
    )


def completed_lesson_keys(*, user, course_keys=None) -> set:
    """The translation keys of the lessons ``user`` has done (in ``course_keys`` if given).
    A learner's whole set is cached until their progress changes (services bump it)."""
    if not user.is_authenticated:
        return set()
    key = f"courses:done:{user.pk}:{content_cache.progress_version(user.pk)}"
    done = cache.get(key)
    if done is None:
        done = {
            (lesson_key, course_key)
            for lesson_key, course_key in models.LessonCompletion.objects.filter(
                user=user
            ).values_list("lesson_key", "course_key")
        }
        cache.set(key, done, timeout=24 * 3600)
    wanted = None if course_keys is None else set(course_keys)
    return {lesson_key for lesson_key, course_key in done if wanted is None or course_key in wanted}


def course_lessons(*, course: models.CoursePage) -> QuerySet[models.LessonPage]:
    return (
        models.LessonPage.objects.descendant_of(course).live().defer_streamfields().order_by("path")
    )


def course_structure(*, course: models.CoursePage, cached: bool = True) -> tuple[list, list]:
    """The live modules and lessons (without bodies) of a course, from the cache while no page
    has been published, unpublished, moved or deleted since (lms.content_cache)."""
    key = f"courses:structure:{course.pk}:{content_version()}"
    cached = cached and course.pk is not None
    structure = cache.get(key) if cached else None
    if structure is None:
        modules = list(models.ModulePage.objects.child_of(course).live().order_by("path"))
        structure = (modules, list(course_lessons(course=course)))
        if cached:
            cache.set(key, structure, timeout=24 * 3600)
    return structure


def course_outline(*, course: models.CoursePage, user, cached: bool = True) -> Outline:
    """The course's structure (cached) with the learner's completions (one query)."""
    module_pages, lesson_pages = course_structure(course=course, cached=cached)
    modules = [ModuleItem(module=m) for m in module_pages]
    by_path = {item.module.path: item for item in modules}
    done_keys = completed_lesson_keys(user=user, course_keys=[course.translation_key])
    lessons = []
    for lesson in lesson_pages:
        module = by_path.get(lesson.path[: -course.steplen])
        if module is None:  # under a draft module: not part of the live course
            continue
        item = LessonItem(lesson=lesson, done=lesson.translation_key in done_keys)
        module.lessons.append(item)
        lessons.append(item)
    return Outline(modules=modules, lessons=lessons, done_count=sum(1 for i in lessons if i.done))


def course_context(*, course: models.CoursePage, user, cached: bool = True) -> dict:
    return {
        "outline": course_outline(course=course, user=user, cached=cached),
        "can_learn": permissions.can_view_course_content(user, course),
    }


def module_context(*, module: models.ModulePage, user, cached: bool = True) -> dict:
    course = module.get_course(cached=cached)
    return {"course": course, "outline": course_outline(course=course, user=user, cached=cached)}


def lesson_context(*, lesson: models.LessonPage, user, cached: bool = True) -> dict:
    """Everything a lesson page shows besides the lesson: its course and module, the outline
    with progress, the neighbours, and the learner's latest quiz answers."""
    course = lesson.get_course(cached=cached)
    outline = course_outline(course=course, user=user, cached=cached)
    keys = [item.lesson.pk for item in outline.lessons]
    position = keys.index(lesson.pk) if lesson.pk in keys else None
    previous_lesson = next_lesson = None
    if position is not None:
        if position > 0:
            previous_lesson = outline.lessons[position - 1].lesson
        if position + 1 < len(keys):
            next_lesson = outline.lessons[position + 1].lesson
    done = position is not None and outline.lessons[position].done
    parent_path = lesson.path[: -lesson.steplen]
    module = next((m.module for m in outline.modules if m.module.path == parent_path), None)
    return {
        "course": course,
        "module": module,
        "outline": outline,
        "lesson_done": done,
        "previous_lesson": previous_lesson,
        "next_lesson": next_lesson,
        "quiz_attempts": latest_quiz_attempts(user=user, lesson=lesson),
    }


def latest_quiz_attempts(*, user, lesson: models.LessonPage) -> dict[str, models.QuizAttempt]:
    """The learner's latest answer to each quiz of a lesson, by block id."""
    if not user.is_authenticated:
        return {}
    if not any(block.get("type") == "quiz" for block in lesson.body.raw_data):
        return {}  # a lesson without a quiz needs no query
    latest: dict[str, models.QuizAttempt] = {}
    for attempt in models.QuizAttempt.objects.filter(user=user, lesson_key=lesson.translation_key):
        latest.setdefault(attempt.block_id, attempt)  # ordered newest first
    return latest


@dataclass
class CourseProgress:
    course: models.CoursePage
    total: int
    done: int
    next_lesson: models.LessonPage | None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def learner_progress(*, user) -> list[CourseProgress]:
    """The trainee home's "my courses": each course in the active language (or its source
    language when untranslated) with progress and the lesson to take next. Five queries."""
    courses = list(
        permissions.learner_courses(user).select_related("track", "locale").order_by("path")
    )
    if not courses:
        return []
    language = get_language() or ""
    chosen: dict = {}
    for course in courses:
        current = chosen.get(course.translation_key)
        if current is None or (
            course.locale.language_code == language and current.locale.language_code != language
        ):
            chosen[course.translation_key] = course
    # Keep the source language's order when the course's translation is chosen.
    ordered = sorted(chosen.values(), key=lambda c: (c.track.sort_order, c.title))
    lesson_filter = module_filter = Q()
    for course in ordered:
        lesson_filter |= Q(path__startswith=course.path, depth=course.depth + 2)
        module_filter |= Q(path__startswith=course.path, depth=course.depth + 1)
    live_modules = set(
        models.ModulePage.objects.live().filter(module_filter).values_list("path", flat=True)
    )
    lessons = (
        models.LessonPage.objects.live().filter(lesson_filter).defer_streamfields().order_by("path")
    )
    by_course: dict[str, list[models.LessonPage]] = {c.path: [] for c in ordered}
    for lesson in lessons:
        if lesson.path[: -lesson.steplen] not in live_modules:
            continue  # under a draft module: not part of the live course (as in the outline)
        by_course[lesson.path[: -2 * lesson.steplen]].append(lesson)
    done_keys = completed_lesson_keys(user=user, course_keys=chosen.keys())
    result = []
    for course in ordered:
        items = [
            LessonItem(lesson=x, done=x.translation_key in done_keys)
            for x in by_course[course.path]
        ]
        outline = Outline(modules=[], lessons=items, done_count=sum(1 for i in items if i.done))
        result.append(
            CourseProgress(
                course=course,
                total=outline.total,
                done=outline.done_count,
                next_lesson=outline.next_lesson,
            )
        )
    return result


def module_lessons_for_print(*, module: models.ModulePage) -> QuerySet[models.LessonPage]:
    return models.LessonPage.objects.child_of(module).live().order_by("path")


def courses_using_document(*, document) -> list[models.CoursePage] | None:
    """The courses whose lessons (live or draft) use ``document``, in a block or a rich-text
    link, as Wagtail's reference index records it; None when no lesson uses it."""
    lesson_type = ContentType.objects.get_for_model(models.LessonPage)
    lesson_ids = {
        int(pk)
        for pk in ReferenceIndex.get_references_to(document)
        .filter(content_type=lesson_type)
        .values_list("object_id", flat=True)
    }
    if not lesson_ids:
        return None
    steps = 2 * Page.steplen  # lesson -> module -> course
    lesson_paths = Page.objects.filter(pk__in=lesson_ids).values_list("path", flat=True)
    course_paths = {path[:-steps] for path in lesson_paths}
    return list(models.CoursePage.objects.filter(path__in=course_paths))
