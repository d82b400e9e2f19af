from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from lms.content_cache import content_version

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, or None."""
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def lesson_body(context, lesson, quiz_url=""):
    """A lesson's body. Blocks other than quizzes look the same to every learner: their HTML is
    cached (keyed by the content version and language) and only the quizzes, which show each
    learner's own answer, are rendered per request."""
    key = f"courses:body:{lesson.pk}:{content_version()}:{get_language()}"
    parts = cache.get(key)
    if parts is None:
        parts = []
        for index, block in enumerate(lesson.body):
            if block.block_type == "quiz":
                parts.append(index)
            else:
                parts.append(str(block.render(context={"page": lesson})))
        cache.set(key, parts, timeout=24 * 3600)
    quiz_template = context.template.engine.get_template("courses/blocks/quiz.html")
    html = []
    for part in parts:
        if isinstance(part, int):
            block = lesson.body[part]
            with context.push(value=block.value, block_id=block.id, quiz_url=quiz_url):
                html.append(quiz_template.render(context))
        else:
            html.append(part)
    return mark_safe("".join(html))  # noqa: S308 - rendered by our own block templates
