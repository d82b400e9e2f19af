"""Routing below the course catalogue in two queries instead of two per level.

A lesson sits three levels below the catalogue (course → module → lesson). Wagtail's routing
asks for each level's child and then its specific record: eight queries per lesson before the
page is served. The lesson benchmark (``scripts/benchmark_lessons.py``) measured the lesson page
at 43 % of a bare Wagtail page without this and 80 % with it, so it stays, here in courses.

What it keeps of Wagtail's routing, and where it differs (``courses/tests/test_routing.py``):
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

ROUTE_TIMEOUT = 24 * 3600


def _routes_itself(page: Page) -> bool:
    return page.specific_class is not None and page.specific_class.route is not Page.route


class CourseRoutingMixin:
    """For the catalogue page: resolve a course, module or lesson by its URL path at once."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        key = f"courses:route:{self.pk}:{'/'.join(path_components)}:{content_version()}"
        found = cache.get(key)
        if found is not None:
            page_id, content_type_id = found
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            page = model.objects.filter(pk=page_id).first()
            if page is not None:  # else deleted since: route afresh
                return page.route(request, [])
        prefixes = [
            self.url_path + "/".join(path_components[:n]) + "/"
            for n in range(1, len(path_components) + 1)
        ]
        chain = {
            page.url_path: page
            for page in Page.objects.filter(url_path__in=prefixes, path__startswith=self.path)
            .exclude(pk=self.pk)
            .only("pk", "url_path", "live", "content_type", "path", "depth")
        }
        target = chain.get(prefixes[-1])
        if (
            target is None
            or len(chain) != len(prefixes)
            or any(_routes_itself(chain[prefix]) for prefix in prefixes[:-1])
        ):
            return super().route(request, path_components)
        if not all(page.live for page in chain.values()):
            raise Http404
        result = target.specific.route(request, [])
        cache.set(key, (target.pk, target.content_type_id), timeout=ROUTE_TIMEOUT)
        return result
