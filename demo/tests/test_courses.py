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
    stream_block = LessonPage._meta.get_field("body").stream_block
    for lesson in LessonPage.objects.live():
        stream_block.clean(lesson.body)  # required fields filled, document and image found
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


def _bodies(spec):
    for module in spec["modules"]:
        for lesson in module["lessons"]:
            yield lesson["slug"], lesson["body"]
    for language, text in spec["translations"].items():
        for slug, (_title, body) in text["lessons"].items():
            yield f"{language}/{slug}", body


def test_course_files_name_only_blocks_and_fields_that_lessons_have():
    """A typo in a data file (a block type or a field name) fails here: Wagtail would otherwise
    drop an unknown field silently and the lesson would miss its caption or feedback."""
    stream_block = LessonPage._meta.get_field("body").stream_block
    specs = demo.courses_spec({"ad-art": None, "kolom-buku-kas": None})
    assert len(specs) == 4
    for spec in specs:
        for where, body in _bodies(spec):
            for kind, value in body:
                assert kind in stream_block.child_blocks, (spec["slug"], where, kind)
                if not isinstance(value, dict):
                    continue
                block = stream_block.child_blocks[kind]
                assert set(value) <= set(block.child_blocks), (spec["slug"], where, kind)
                if kind == "quiz":
                    answer = block.child_blocks["answers"].child_block
                    for item in value["answers"]:
                        assert set(item) <= set(answer.child_blocks), (spec["slug"], where)


def test_wrapped_prose_in_course_files_reads_as_one_line(tmp_path, monkeypatch):
    (tmp_path / "courses").mkdir()
    (tmp_path / "courses" / "1-kursus.toml").write_text(
        'slug = "kursus"\ntitle = "Kursus"\ntrack = "keuangan"\nlevel = "dasar"\nhours = 1\n'
        'programmes = ["bimtek"]\nsummary = """\nBaris satu\n   baris dua."""\n'
        'outcomes = ["Satu."]\n\n[[modules]]\ntitle = "Modul"\nintro = "Pengantar"\n\n'
        '[[modules.lessons]]\nslug = "pelajaran"\ntitle = "Pelajaran"\n\n'
        '[[modules.lessons.body]]\ntype = "paragraph"\ntext = """\nSatu\ndua."""\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(demo, "DATA", tmp_path)
    (spec,) = demo.courses_spec({})
    assert spec["summary"] == "Baris satu baris dua."
    assert spec["programmes"] == [demo.BIMTEK]
    assert spec["modules"][0]["lessons"][0]["body"] == [("paragraph", "<p>Satu dua.</p>")]
    assert spec["open"] is False and spec["translations"] == {}
