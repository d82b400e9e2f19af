"""Routing to course content in one step instead of two queries per level.

A lesson sits four levels below the home page (catalogue → course → module → lesson). Wagtail's
routing asks for each level's child and then its specific record: eight queries per lesson
before the page is served. The lesson benchmark (``scripts/benchmark_lessons.py``, as a share
of a bare Wagtail page in the same run) measured the lesson page at 43 % without any override,
55–68 % with this routing starting at the catalogue page, and 69–80 % starting at the home
page. So it starts at the home page: the home page (``cms``, the site shell, which knows no
app) asks the ``route_below_home`` hook, and courses registers ``route_course_content``.

What it keeps of Wagtail's routing, and where it differs (``courses/tests/test_routing.py``):
- Only paths through a course catalogue are claimed; any other path gets Wagtail's routing.
- View restrictions (password, login, groups) are checked after routing, by Wagtail's own
  ``before_serve_page`` hook on the page found: unchanged.
- Aliases are pages of their own with their own URL paths: found the same way.
- A page with its own routing (``RoutablePageMixin``) on the way, or a path that is not a page's
  own URL (a sub-route), goes to Wagtail's level-by-level routing; the page found is asked to
  route its (empty) rest itself, so a routable page's index route is served as Wagtail would.
- Unlike Wagtail, a live page below a draft (a lesson of an unpublished module) answers 404:
  unpublishing a module takes its lessons out of the live course.

Once found, the path's page id and type are cached under the content version (which every
page save, publish, unpublish, move and delete bumps), so a warm lesson costs one query here:
its own record. Only the path is cached, never the page, and previews do not route.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from wagtail.models import Page

from lms.content_cache import content_version

from .pages import CourseIndexPage

ROUTE_TIMEOUT = 24 * 3600


def _routes_itself(page: Page) -> bool:
    return page.specific_class is not None and page.specific_class.route is not Page.route


def route_course_content(home: Page, request, path_components: list[str]):
    """The ``RouteResult`` for a path below a course catalogue, None for any other path."""
    if len(path_components) < 2:
        return None  # the home page or a page right below it: nothing to save
    key = f"courses:route:{home.pk}:{'/'.join(path_components)}:{content_version()}"
    found = cache.get(key)
    if found is not None:
        page_id, content_type_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id).first()
        if page is not None:  # else deleted since: route afresh
            return page.route(request, [])
    prefixes = [
        home.url_path + "/".join(path_components[:n]) + "/"
        for n in range(1, len(path_components) + 1)
    ]
    chain = {
        page.url_path: page
        for page in Page.objects.filter(url_path__in=prefixes, path__startswith=home.path)
        .exclude(pk=home.pk)
        .only("pk", "url_path", "live", "content_type", "path", "depth")
    }
    first, target = chain.get(prefixes[0]), chain.get(prefixes[-1])
    if first is None or first.specific_class is not CourseIndexPage:
        return None  # not course content
    if (
        target is None
        or len(chain) != len(prefixes)
        or any(_routes_itself(chain[prefix]) for prefix in prefixes[:-1])
    ):
        return None
    if not all(page.live for page in chain.values()):
        raise Http404
    result = target.specific.route(request, [])
    cache.set(key, (target.pk, target.content_type_id), timeout=ROUTE_TIMEOUT)
    return result
