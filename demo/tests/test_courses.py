import pytest
from wagtail.models import Page

from courses.models import CoursePage, CurriculumEntry, LessonPage, ModulePage, Track
from demo import courses as demo
from programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Page.objects.count(),
        CurriculumEntry.objects.count(),
        Track.objects.count(),
    )


def test_demo_loads_four_published_courses_one_per_track_and_is_idempotent():
    ProgrammeFactory(title=demo.BIMTEK)
    demo.load()
    first = _counts()
    demo.load()
    assert _counts() == first
    courses = CoursePage.objects.live().filter(locale__language_code="id")
    assert courses.count() == 4
    assert {c.track.slug for c in courses} == {
        "tata-kelola",
        "keuangan",
        "pemasaran",
        "transformasi-digital",
    }
    for course in courses:
        assert ModulePage.objects.child_of(course).live().exists()
        block_types = {
            block.block_type
            for lesson in LessonPage.objects.descendant_of(course).live()
            for block in lesson.body
        }
        assert len(block_types) >= 3, course.title
    # Linked to the Bimtek programme, which exists here; the others do not.
    assert CurriculumEntry.objects.filter(programme__title=demo.BIMTEK).count() == 2


def test_demo_has_an_english_course_served_under_en(client):
    demo.load()
    english = CoursePage.objects.live().filter(locale__language_code="en")
    assert english.count() == 1
    course = english.get()
    assert course.title.startswith("Drafting")
    response = client.get(course.url)
    assert course.url.startswith("/en/")
    assert response.status_code == 200
    assert "Drafting" in response.text
