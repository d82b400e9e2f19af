"""Demo course catalogue, written in Indonesian from the context articles (Bimtek Koperasi Merah
Putih Warga Binaan at LPKA Bandung, the Al-Ittifaq apprenticeship, the Sulteng entrepreneurship
programme). The texts live in ``data/courses/<position>-<slug>.toml``, one file per course with
its translations, so that editors change them without touching code; this module reads them.
``load`` is idempotent: a second run finds everything in place and adds nothing."""

from __future__ import annotations

import contextlib
import io
import logging
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
                        "module_intros": text.get("module_intros", {}),
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


def _site_text() -> dict:
    with (DATA / "site.toml").open("rb") as file:
        data = tomllib.load(file)
    for part in ("home", "catalogue"):
        data[part] = _site_part(data[part])
    data["translations"] = {
        language: {part: _site_part(text[part]) for part in ("home", "catalogue")}
        for language, text in data.get("translations", {}).items()
    }
    return data


def _site_part(raw: dict) -> dict:
    """Prose is one line; contact is HTML in a list of lines, kept as written."""
    text = {key: _text(value) for key, value in raw.items() if key != "contact"}
    if "contact" in raw:
        text["contact"] = "".join(raw["contact"])
    return text


def _fill(page: Page, text: dict, *, replace_title_of: Page | None = None) -> bool:
    """Set the fields of ``text`` that are still empty on ``page`` (a translation's fields
    that still hold the source page's words count as empty). Returns whether anything changed."""
    changed = False
    for field in ("title", "intro", "search_description", "contact"):
        if field not in text or not hasattr(page, field):
            continue
        current = getattr(page, field)
        copied = replace_title_of is not None and current == getattr(replace_title_of, field, None)
        if not current or copied:
            if current != text[field]:
                setattr(page, field, text[field])
                changed = True
    if "programmes" in text and hasattr(page, "programmes"):
        blocks = [("programme", block) for block in text["programmes"]]
        current = [dict(block.value) for block in page.programmes]
        copied = replace_title_of is not None and current == [
            dict(block.value) for block in replace_title_of.programmes
        ]
        if not current or copied:
            page.programmes = blocks
            changed = True
    if not page.show_in_menus and isinstance(page, CourseIndexPage):
        page.show_in_menus = True
        changed = True
    return changed


def _home() -> HomePage:
    return HomePage.objects.filter(locale__language_code="id").first() or HomePage.objects.first()


def _catalogue(text: dict) -> CourseIndexPage:
    home = _home()
    home_changed = _fill(home, text["home"])
    existing = CourseIndexPage.objects.child_of(home).first()
    if existing:
        if _fill(existing, text["catalogue"]):
            _publish(existing)
        catalogue = existing
    else:
        catalogue = _publish(
            home.add_child(
                instance=CourseIndexPage(
                    title=text["catalogue"]["title"],
                    slug="kursus",
                    intro=text["catalogue"]["intro"],
                    search_description=text["catalogue"]["search_description"],
                    show_in_menus=True,
                )
            )
        )
    if home.catalogue_page_id is None:
        home.catalogue_page = catalogue
        home_changed = True
    if home_changed:
        _publish(home)
    return catalogue


def _translate_site(catalogue: CourseIndexPage, locale: Locale, text: dict) -> None:
    """The home and catalogue pages in ``locale``, with their own words (the course
    translations copy them with the Indonesian ones)."""
    home = _home().specific
    for page, part in ((home, "home"), (catalogue, "catalogue")):
        translated = page.get_translation_or_none(locale)
        if translated is None:
            translated = CopyPageForTranslationAction(
                page, locale, copy_parents=True, include_subtree=False
            ).execute(skip_permission_checks=True)
        translated = Page.objects.get(pk=translated.pk).specific
        if _fill(translated, text[part], replace_title_of=page) or not translated.live:
            _publish(translated)


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
            source_title = page.title
            page.title = text["modules"].get(source_title, source_title)
            page.intro = text["module_intros"].get(source_title, page.intro)
        elif isinstance(page, LessonPage) and page.slug in text["lessons"]:
            page.title, page.body = text["lessons"][page.slug]
        _publish(page)
    return True


@contextlib.contextmanager
def _quiet_page_log():
    """Wagtail logs every page created, edited and published at INFO: a hundred lines the
    newcomer running ``make run`` does not need. The page history in the admin keeps them."""
    logger = logging.getLogger("wagtail")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def load(*, stdout=None) -> None:
    with _quiet_page_log():
        _load(stdout=stdout)


@transaction.atomic
def _load(*, stdout=None) -> None:
    """Create the catalogue, four courses (one per track), an English translation of the
    governance course, and link the courses to the demo programmes that exist."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message)

    assets = _assets()
    site_text = _site_text()
    catalogue = _catalogue(site_text)
    for language, text in site_text["translations"].items():
        locale, _created = Locale.objects.get_or_create(language_code=language)
        _translate_site(catalogue, locale, text)
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
