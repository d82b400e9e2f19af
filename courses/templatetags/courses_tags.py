"""What course page templates show besides the page's own fields. The page models stay below the
rules and reads (``courses.pages``); their templates ask here, and here asks the selectors.

The ``*_context`` tags set their values in the template's current context, as ``{% url ... as
name %}`` does; a page previewed in the admin reads and fills no cache that live pages use."""

from dataclasses import dataclass, field

from django import template
from django.utils.translation import get_language

from lms.content_cache import content_version

from .. import selectors

register = template.Library()

# Blocks rendered on every request: a quiz shows the learner's own answer, and an image's URL
# may be signed for a few minutes only (S3 querystring auth), so its HTML must not be kept.
PER_REQUEST_BLOCKS = frozenset({"quiz", "image"})


def _cached(context) -> bool:
    request = context.get("request")
    return request is not None and not getattr(request, "is_preview", False)


def _set(context, values: dict) -> str:
    for name, value in values.items():
        context[name] = value
    return ""


@register.simple_tag(takes_context=True)
def catalogue_context(context):
    return _set(context, {"courses": selectors.catalogue_courses(catalogue=context["page"])})


@register.simple_tag(takes_context=True)
def course_context(context):
    return _set(
        context,
        selectors.course_context(
            course=context["page"], user=context["request"].user, cached=_cached(context)
        ),
    )


@register.simple_tag(takes_context=True)
def module_context(context):
    return _set(
        context,
        selectors.module_context(
            module=context["page"], user=context["request"].user, cached=_cached(context)
        ),
    )


@register.simple_tag(takes_context=True)
def lesson_context(context):
    return _set(
        context,
        selectors.lesson_context(
            lesson=context["page"], user=context["request"].user, cached=_cached(context)
        ),
    )


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, or None."""
    if not mapping:
        return None
    return mapping.get(key)


@dataclass
class Segment:
    """A run of a lesson's blocks: ``shared`` runs look the same to every learner and may be
    cached (``{% wagtailpagecache %}``, keyed on the page's cache key and ``key``)."""

    shared: bool
    key: str = ""
    blocks: list = field(default_factory=list)


@register.filter
def lesson_segments(body) -> list[Segment]:
    """A lesson body cut into runs of shareable blocks and blocks rendered per request.

    A run's key names its first block, the language, and the content version (which moves
    when any page is published, moved or deleted, so links to other pages stay right); the
    page's cache key, added by ``wagtailpagecache``, moves with every publish of the lesson."""
    version = content_version()
    language = get_language() or ""
    segments: list[Segment] = []
    for block in body:
        shared = block.block_type not in PER_REQUEST_BLOCKS
        if shared and segments and segments[-1].shared:
            segments[-1].blocks.append(block)
            continue
        key = f"{block.id}:{language}:{version}" if shared else ""
        segments.append(Segment(shared=shared, key=key, blocks=[block]))
    return segments
