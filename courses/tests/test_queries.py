"""Course pages and the trainee home run the same number of queries on small and large data
(modules, lessons, courses, trainees, progress rows), with the cache empty as well as warm, and
stay under a small bound once warm."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.factories import TraineeFactory
from courses import factories, services
from programmes.factories import WaveFactory, enrol

pytestmark = pytest.mark.django_db

SIZES = {"small": (1, 1, 2, 1), "large": (3, 4, 6, 8)}  # courses, modules, lessons, others
PAGES = ["catalogue", "course", "module", "lesson", "home"]
# Once warm; each includes the session, the user, the site and locale, routing (the home page,
# then 1 query for a course page: courses.routing caches its path) and page view restrictions.
# Site settings, course structure and the course above a lesson are cached.
WARM_BOUNDS = {"catalogue": 10, "course": 9, "module": 7, "lesson": 8, "home": 20}
# The trainee home carries every app's panel (schedule, assignments, certificates, at-risk):
# flat, as the small-vs-large assertion shows; the bound catches a new query in any of them.


def build_world(size: str) -> dict:
    courses_count, modules, lessons, others = SIZES[size]
    wave = WaveFactory()
    courses = [
        factories.course(title=f"Kursus {size} {i}", modules=modules, lessons_per_module=lessons)
        for i in range(courses_count)
    ]
    for course in courses:
        factories.CurriculumEntryFactory(programme=wave.programme, course=course)
    trainee = TraineeFactory()
    learners = [trainee, *(TraineeFactory() for _ in range(others))]
    for user in learners:
        enrol(wave, user)
        for course in courses:
            for lesson in factories.lessons_of(course)[::2]:
                services.lesson_complete(user=user, lesson=lesson)
    course = courses[0]
    return {
        "trainee": trainee,
        "urls": {
            "catalogue": course.get_parent().url,
            "course": course.url,
            "module": course.get_children().last().url,
            "lesson": factories.lessons_of(course)[-1].url,
            "home": reverse("portal:my-home"),
        },
    }


def count_queries(client, url: str, *, cold: bool) -> int:
    client.get(url)  # fills what a running process keeps (content types, site root paths)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker):
    """Both sizes in one database, built once for every page and cache state."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield {size: build_world(size) for size in SIZES}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.parametrize("state", ["cold", "warm"])
@pytest.mark.parametrize("page", PAGES)
def test_a_page_runs_as_many_queries_on_large_data_as_on_small(client, worlds, page, state):
    counts = {}
    for size, world in worlds.items():
        client.force_login(world["trainee"])
        counts[size] = count_queries(client, world["urls"][page], cold=state == "cold")
    print(f"{page} ({state}): {counts}")  # noqa: T201
    assert counts["small"] == counts["large"], counts
    if state == "warm":
        assert counts["large"] <= WARM_BOUNDS[page], counts
