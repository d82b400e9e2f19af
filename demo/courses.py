"""Demo course catalogue, written in Indonesian from the context articles (Bimtek Koperasi Merah
Putih Warga Binaan at LPKA Bandung, the Al-Ittifaq apprenticeship, the Sulteng entrepreneurship
programme). The texts live in ``data/courses/<position>-<slug>.toml``, one file per course with
its translations, so that editors change them without touching code; this module reads them.
``load`` is idempotent: a second run finds everything in place and adds nothing."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from cms.api import HomePage
from courses.constants import Level
from courses.models import (
    CourseIndexPage,
    CoursePage,
    CurriculumEntry,
    LessonPage,
    ModulePage,
    Track,
)
from programmes.models import Programme

from .programmes import BIMTEK_TITLE, MAGANG_TITLE, SULTENG_TITLE

DATA = Path(__file__).resolve().parent / "data"
PROGRAMMES = {"magang": MAGANG_TITLE, "bimtek": BIMTEK_TITLE, "sulteng": SULTENG_TITLE}
# Kept for callers that link a test programme to the demo courses by its title.
BIMTEK = BIMTEK_TITLE


def _text(value):
    """Prose in the data files may be wrapped freely: runs of white space become one space."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_text(v) for v in value]
    if isinstance(value, dict):
        return {k: _text(v) for k, v in value.items()}
    return value


def _html_list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _body(blocks: list[dict], assets: dict) -> list[tuple]:
    """Data-file blocks to StreamField blocks: `type` names the block, the other keys are its
    value; paragraph and callout text is one paragraph, documents and images are named assets."""
    body = []
    for block in blocks:
        value = dict(block)
        kind = value.pop("type")
        if kind == "heading":
            body.append((kind, value["text"]))
        elif kind == "paragraph":
            body.append((kind, f"<p>{value['text']}</p>"))
        else:
            if kind == "callout":
                value["text"] = f"<p>{value['text']}</p>"
            if kind in ("document", "image"):
                value[kind] = assets[value[kind]]
            body.append((kind, value))
    return body


def courses_spec(assets: dict) -> list[dict]:
    """The demo courses, in catalogue order (file names start with their position)."""
    paths = sorted(
        (DATA / "courses").glob("*.toml"), key=lambda path: int(path.name.split("-", 1)[0])
    )
    specs = []
    for path in paths:
        with path.open("rb") as file:
            data = _text(tomllib.load(file))
        specs.append(
            {
                "slug": data["slug"],
                "title": data["title"],
                "track": data["track"],
                "level": Level(data["level"]),
                "hours": data["hours"],
                "open": data.get("open_to_all_trainees", False),
                "programmes": [PROGRAMMES[key] for key in data["programmes"]],
                "summary": data["summary"],
                "outcomes": _html_list(data["outcomes"]),
                "modules": [
                    {
                        "title": module["title"],
                        "intro": module["intro"],
                        "lessons": [
                            {
                                "slug": lesson["slug"],
                                "title": lesson["title"],
                                "minutes": lesson.get("minutes", 45),
                                "body": _body(lesson["body"], assets),
                            }
                            for lesson in module["lessons"]
                        ],
                    }
                    for module in data["modules"]
                ],
                "translations": {
                    language: {
                        "title": text["title"],
                        "summary": text["summary"],
                        "outcomes": _html_list(text["outcomes"]),
                        "modules": text.get("modules", {}),
                        "lessons": {
                            slug: (lesson["title"], _body(lesson["body"], assets))
                            for slug, lesson in text.get("lessons", {}).items()
                        },
                    }
                    for language, text in data.get("translations", {}).items()
                },
            }
        )
    return specs


def _placeholder_png() -> bytes:
    image = PILImage.new("RGB", (640, 240), "white")
    draw = ImageDraw.Draw(image)
    for i, label in enumerate(["Tanggal", "Uraian", "Masuk", "Keluar", "Saldo"]):
        draw.rectangle([10 + i * 124, 10, 130 + i * 124, 230], outline="black")
        draw.text((20 + i * 124, 20), label, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _assets() -> dict:
    """The document and image that lessons name in their blocks (`document = "ad-art"`)."""
    Document = get_document_model()
    Image = get_image_model()
    doc = Document.objects.filter(title="Contoh kerangka AD/ART koperasi").first()
    if doc is None:
        doc = Document(title="Contoh kerangka AD/ART koperasi")
        text = (DATA / "documents" / "contoh-ad-art-koperasi.txt").read_bytes()
        doc.file.save("contoh-ad-art-koperasi.txt", ContentFile(text), save=False)
        doc.save()
    image = Image.objects.filter(title="Kolom buku kas harian").first()
    if image is None:
        image = Image(
            title="Kolom buku kas harian",
            file=ImageFile(io.BytesIO(_placeholder_png()), name="kolom-buku-kas.png"),
        )
        image.save()
    return {"ad-art": doc, "kolom-buku-kas": image}


def _publish(page: Page) -> Page:
    page.save_revision(log_action=False).publish(log_action=False)
    return page


def _catalogue() -> CourseIndexPage:
    home = HomePage.objects.filter(locale__language_code="id").first() or HomePage.objects.first()
    existing = CourseIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    return _publish(
        home.add_child(
            instance=CourseIndexPage(
                title="Katalog kursus",
                slug="kursus",
                intro=(
                    "Modul pelatihan pengurus koperasi dalam empat jalur: tata kelola, keuangan, "
                    "pemasaran dan transformasi digital."
                ),
            )
        )
    )


def _course(catalogue: CourseIndexPage, spec: dict) -> tuple[CoursePage, bool]:
    existing = CoursePage.objects.child_of(catalogue).filter(slug=spec["slug"]).first()
    if existing:
        return existing, False
    course = _publish(
        catalogue.add_child(
            instance=CoursePage(
                title=spec["title"],
                slug=spec["slug"],
                track=Track.objects.get(slug=spec["track"]),
                summary=spec["summary"],
                learning_outcomes=spec["outcomes"],
                level=spec["level"],
                lesson_hours=spec["hours"],
                open_to_all_trainees=spec["open"],
            )
        )
    )
    for m, module_spec in enumerate(spec["modules"], start=1):
        module = _publish(
            course.add_child(
                instance=ModulePage(
                    title=module_spec["title"], slug=f"modul-{m}", intro=module_spec["intro"]
                )
            )
        )
        for lesson_spec in module_spec["lessons"]:
            _publish(
                module.add_child(
                    instance=LessonPage(
                        title=lesson_spec["title"],
                        slug=lesson_spec["slug"],
                        minutes=lesson_spec["minutes"],
                        body=lesson_spec["body"],
                    )
                )
            )
    return course, True


def _translate(course: CoursePage, locale: Locale, text: dict) -> bool:
    if course.get_translation_or_none(locale) is not None:
        return False
    translated = CopyPageForTranslationAction(
        course, locale, copy_parents=True, include_subtree=True
    ).execute(skip_permission_checks=True)
    # Fetch fresh copies: the in-memory copy's tree counters are stale after the subtree copy.
    for page in Page.objects.descendant_of(translated, inclusive=True).specific():
        if isinstance(page, CoursePage):
            page.title = text["title"]
            page.summary = text["summary"]
            page.learning_outcomes = text["outcomes"]
        elif isinstance(page, ModulePage):
            page.title = text["modules"].get(page.title, page.title)
        elif isinstance(page, LessonPage) and page.slug in text["lessons"]:
            page.title, page.body = text["lessons"][page.slug]
        _publish(page)
    return True


@transaction.atomic
def load(*, stdout=None) -> None:
    """Create the catalogue, four courses (one per track), an English translation of the
    governance course, and link the courses to the demo programmes that exist."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message)

    assets = _assets()
    catalogue = _catalogue()
    created = linked = 0
    for spec in courses_spec(assets):
        course, is_new = _course(catalogue, spec)
        created += is_new
        for order, title in enumerate(spec["programmes"]):
            for programme in Programme.objects.filter(title=title):
                _entry, is_new_link = CurriculumEntry.objects.get_or_create(
                    programme=programme,
                    wave=None,
                    course=course,
                    defaults={"sort_order": order},
                )
                linked += is_new_link
        for language, text in spec["translations"].items():
            locale, _created = Locale.objects.get_or_create(language_code=language)
            if _translate(course, locale, text):
                say(f"Terjemahan ({language}) dibuat: {spec['title']}")
    say(f"Kursus: {created} dibuat, {linked} tautan kurikulum baru.")
