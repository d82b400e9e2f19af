"""Routing to course content (courses.routing, asked by the home page) finds what Wagtail's own
routing finds, in two queries (one once cached), and keeps Wagtail's view restrictions,
aliases and pages with their own routing."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult

from courses import factories
from courses.models import CoursePage, LessonPage, ModulePage

pytestmark = pytest.mark.django_db


def components(page) -> list[str]:
    return page.url_path[len(factories.site_root().url_path) :].strip("/").split("/")


def ours(page_or_components):
    """The home page's routing, with the courses hook."""
    parts = page_or_components
    if not isinstance(parts, list):
        parts = components(parts)
    return factories.site_root().route(RequestFactory().get("/"), parts)


def wagtails(parts: list[str]):
    """Wagtail's level-by-level routing from the home page down."""
    return Page.route(factories.site_root(), RequestFactory().get("/"), parts)


def same(a: RouteResult, b: RouteResult) -> bool:
    return (a.page.pk, type(a.page), a.args, a.kwargs) == (
        b.page.pk,
        type(b.page),
        b.args,
        b.kwargs,
    )


def test_a_course_module_and_lesson_route_to_what_wagtail_finds(course):
    module = course.get_children().first()
    lesson = factories.lessons_of(course)[-1]
    for page in (course, module, lesson):
        assert same(ours(page), wagtails(components(page)))


def test_a_lesson_is_found_in_two_queries_then_one_once_its_path_is_cached(
    course, django_assert_num_queries
):
    lesson = factories.lessons_of(course)[-1]
    home = factories.site_root()
    parts = components(lesson)
    request = RequestFactory().get("/")
    with django_assert_num_queries(2):
        assert home.route(request, parts).page.pk == lesson.pk
    with django_assert_num_queries(1):
        found = home.route(request, parts).page
    assert (found.pk, type(found)) == (lesson.pk, LessonPage)


def test_a_cached_path_follows_unpublishing_moving_and_deleting_at_once(course):
    first, second, *_ = factories.lessons_of(course)
    ours(first), ours(second)  # both paths cached now
    first.get_parent().specific.unpublish()
    with pytest.raises(Http404):
        ours(first)
    other_module = course.add_child(instance=ModulePage(title="Modul baru", slug="modul-baru"))
    parts = components(second)
    second.move(other_module, pos="last-child")
    with pytest.raises(Http404):
        ours(parts)
    moved = LessonPage.objects.get(pk=second.pk)
    assert ours(moved).page.pk == second.pk
    moved.delete()
    with pytest.raises(Http404):
        ours(components(moved))


def test_an_unknown_path_answers_404_as_wagtails_does(course):
    with pytest.raises(Http404):
        ours([*components(course), "tidak-ada"])
    with pytest.raises(Http404):
        wagtails([*components(course), "tidak-ada"])


def test_a_draft_lesson_answers_404(course):
    lesson = factories.lessons_of(course)[-1]
    lesson.unpublish()
    with pytest.raises(Http404):
        ours(lesson)


def test_a_live_lesson_under_a_draft_module_answers_404_unlike_wagtails_default(course):
    """Deliberate: unpublishing a module takes its lessons out of the live course."""
    lesson = factories.lessons_of(course)[0]
    lesson.get_parent().specific.unpublish()
    with pytest.raises(Http404):
        ours(lesson)
    assert wagtails(components(lesson)).page.pk == lesson.pk


def test_an_alias_of_a_course_routes_to_the_alias_pages(course):
    alias = course.create_alias(recursive=True, update_slug="salinan-kursus")
    alias_lesson = factories.lessons_of(alias)[-1]
    assert alias_lesson.alias_of_id is not None
    assert ours(alias_lesson).page.pk == alias_lesson.pk
    assert same(ours(alias_lesson), wagtails(components(alias_lesson)))


def test_a_password_on_the_course_still_asks_for_it_before_a_lesson(client, enrolled_trainee):
    course = CoursePage.objects.get()
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.PASSWORD, password="rahasia"
    )
    client.force_login(enrolled_trainee)
    response = client.get(factories.lessons_of(course)[0].url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert "Pengurus koperasi" not in response.content.decode()


def test_a_login_restriction_on_the_catalogue_still_sends_visitors_to_log_in(client, course):
    PageViewRestriction.objects.create(
        page=factories.catalogue(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(course.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.fixture
def course_with_own_routing(monkeypatch, course):
    """A course that routes some paths itself, as a ``RoutablePageMixin`` page does: its own
    route ``modul-1/`` comes before its child of that slug, the rest goes to its children."""

    def route(self, request, path_components):
        if path_components == ["modul-1"]:
            return RouteResult(self, args=("own-route",))
        return Page.route(self, request, path_components)

    monkeypatch.setattr(CoursePage, "route", route)
    return course


def test_a_page_with_its_own_routing_on_the_way_routes_as_wagtail_does(course_with_own_routing):
    course = course_with_own_routing
    own = ours([*components(course), "modul-1"])
    assert own.page.pk == course.pk and own.args == ("own-route",)
    assert same(own, wagtails([*components(course), "modul-1"]))
    lesson = factories.lessons_of(course)[-1]
    assert same(ours(lesson), wagtails(components(lesson)))


def test_a_path_outside_the_catalogue_is_left_to_wagtail(course):
    """Only course content is claimed: elsewhere a live page under a draft is served as
    Wagtail serves it."""
    about = factories.site_root().add_child(instance=Page(title="Tentang", slug="tentang"))
    team = about.add_child(instance=Page(title="Tim", slug="tim"))
    about.unpublish()
    assert ours(team).page.pk == team.pk
    assert same(ours(team), wagtails(components(team)))
