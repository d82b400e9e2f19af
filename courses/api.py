"""What other apps (cms, assessments) use of courses."""

from .permissions import can_view_course_content, learner_courses
from .selectors import CourseProgress, learner_progress

__all__ = ["CourseProgress", "can_view_course_content", "learner_courses", "learner_progress"]
