"""Course pages and the trainee home run a fixed number of queries whatever the number of
modules, lessons, trainees or progress rows: each page is measured on small and large data
against the same bound."""

import pytest
from django.urls import reverse

from accounts.factories import TraineeFactory
from courses import factories, services
from programmes.factories import WaveFactory, enrol

pytestmark = pytest.mark.django_db

SIZES = {"small": (1, 2, 1), "large": (4, 6, 8)}  # modules, lessons per module, other trainees
# Measured on both sizes (PostgreSQL and SQLite alike); each includes the session, the user,
# the site and locale, routing and page view restrictions. Site settings, course structure and
# the course above a lesson come from the cache (lms.content_cache) once warm.
BOUNDS = {"catalogue": 10, "course": 10, "lesson": 9, "home": 7}


@pytest.fixture(params=list(SIZES))
def world(request):
    modules, lessons, others = SIZES[request.param]
    wave = WaveFactory()
    courses = [
        factories.course(title=f"Kursus {i}", modules=modules, lessons_per_module=lessons)
        for i in range(1 if request.param == "small" else 3)
    ]
    for course in courses:
        factories.CurriculumEntryFactory(programme=wave.programme, course=course)
    trainee = TraineeFactory()
    enrol(wave, trainee)
    for user in [trainee, *(TraineeFactory() for _ in range(others))]:
        if user is not trainee:
            enrol(wave, user)
        for course in courses:
            for lesson in factories.lessons_of(course)[::2]:
                services.lesson_complete(user=user, lesson=lesson)
    return {"size": request.param, "trainee": trainee, "course": courses[0]}


@pytest.mark.parametrize("page", list(BOUNDS))
def test_page_runs_a_fixed_number_of_queries(client, world, page, django_assert_max_num_queries):
    client.force_login(world["trainee"], backend="accounts.backends.UsernameOrEmailBackend")
    course = world["course"]
    url = {
        "catalogue": course.get_parent().url,
        "course": course.url,
        "lesson": factories.lessons_of(course)[-1].url,
        "home": reverse("portal:my-home"),
    }[page]
    client.get(url)  # warm the caches a running site keeps (site root paths, content types)
    with django_assert_max_num_queries(BOUNDS[page]) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    print(f"{page} ({world['size']}): {len(ctx.captured_queries)} queries")  # noqa: T201
