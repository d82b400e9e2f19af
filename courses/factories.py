"""Factories for course content. Pages are added to the real page tree under the default
site's root page, as an editor would build them."""

from __future__ import annotations

import factory
from wagtail.models import Page, Site

from .models import CourseIndexPage, CoursePage, CurriculumEntry, LessonPage, ModulePage, Track


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Jalur {n}")
    slug = factory.Sequence(lambda n: f"jalur-{n}")
    sort_order = factory.Sequence(lambda n: n + 10)


def site_root() -> Page:
    return Site.objects.get(is_default_site=True).root_page.specific


def catalogue(*, parent: Page | None = None) -> CourseIndexPage:
    """The catalogue under the site's home page (one per parent)."""
    parent = parent or site_root()
    existing = CourseIndexPage.objects.child_of(parent).first()
    if existing:
        return existing
    return parent.add_child(instance=CourseIndexPage(title="Katalog kursus", slug="kursus"))


def text_body(n: int = 1) -> list[tuple[str, object]]:
    return [
        ("heading", f"Bagian {n}"),
        ("paragraph", "<p>Pengurus koperasi menyusun AD/ART bersama anggota.</p>"),
        (
            "callout",
            {"kind": "tip", "title": "Tips", "text": "<p>Libatkan pengawas sejak awal.</p>"},
        ),
        ("checklist", {"title": "Periksa", "items": ["Nama koperasi", "Tujuan", "Modal"]}),
        (
            "quiz",
            {
                "question": "Siapa yang mengesahkan AD/ART?",
                "answers": [
                    {"text": "Rapat anggota", "is_correct": True, "feedback": "Tepat sekali."},
                    {"text": "Ketua saja", "is_correct": False, "feedback": "Bukan ketua saja."},
                ],
            },
        ),
    ]


def course(
    *,
    title: str = "Menyusun AD/ART koperasi",
    track: Track | None = None,
    modules: int = 2,
    lessons_per_module: int = 2,
    open_to_all_trainees: bool = False,
    parent: CourseIndexPage | None = None,
    slug: str | None = None,
) -> CoursePage:
    """A live course with ``modules`` modules of ``lessons_per_module`` lessons each."""
    parent = parent or catalogue()
    track = track or TrackFactory()
    page = parent.add_child(
        instance=CoursePage(
            title=title,
            slug=slug or f"kursus-{CoursePage.objects.count() + 1}",
            track=track,
            summary="Ringkasan kursus.",
            lesson_hours=4,
            open_to_all_trainees=open_to_all_trainees,
        )
    )
    for m in range(1, modules + 1):
        module = page.add_child(instance=ModulePage(title=f"Modul {m}", slug=f"modul-{m}"))
        for n in range(1, lessons_per_module + 1):
            module.add_child(
                instance=LessonPage(
                    title=f"Pelajaran {m}.{n}", slug=f"pelajaran-{n}", body=text_body(n)
                )
            )
    return page


def lessons_of(course_page: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course_page).order_by("path"))


class CurriculumEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CurriculumEntry

    programme = factory.SubFactory("programmes.factories.ProgrammeFactory")
    wave = None
    course = factory.LazyFunction(course)
