"""The models Django loads for the courses app: the pages (``courses.pages``) and the plain
records (``courses.records``). Both modules import downward only; see their docstrings."""

from .pages import CourseIndexPage, CoursePage, LessonPage, ModulePage, ProtectedContentMixin
from .records import CurriculumEntry, LessonCompletion, QuizAttempt, Track

__all__ = [
    "ProtectedContentMixin",
    "CourseIndexPage",
    "CoursePage",
    "CurriculumEntry",
    "LessonCompletion",
    "LessonPage",
    "ModulePage",
    "QuizAttempt",
    "Track",
]
