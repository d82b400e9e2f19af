from django import template

from lms.actions import ACTION_LABELS

register = template.Library()


@register.simple_tag
def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


@register.simple_tag
def grade_of(submission):
    """The score of a graded submission, or None (staff see grades not yet released)."""
    grade = getattr(submission, "grade", None) if hasattr(submission, "grade") else None
    return getattr(grade, "score", None)
