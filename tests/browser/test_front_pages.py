"""The front end on a 360 px phone: the language switch goes both ways on a lesson, error
pages speak Indonesian inside the site's layout, no page of the trainee's and the
facilitator's journeys scrolls sideways, and axe-core finds no serious or critical
violation on the pages people meet first."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from wagtail.models import Locale

from accounts.factories import PASSWORD, FacilitatorFactory, TraineeFactory
from attendance.factories import SessionFactory
from courses.models import CoursePage, LessonPage
from demo import courses as demo
from programmes.factories import ProgrammeFactory, WaveFactory, enrol
from programmes.models import FacilitatorAssignment

from .conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
LESSON_SLUG = "mengapa-koperasi-memerlukan-ad-art"
# Addresses a crawl of the journeys does not follow: they leave the front end or change state.
SKIP = ("/admin/", "/bahasa/", "/documents/", "/akun/keluar/", "/static/", "/media/", "mailto:")


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="id-ID", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def journeys():
    """The demo catalogue (with its English pages), a trainee of a programme that uses the
    governance course, and a facilitator of that trainee's wave."""
    # A venue as long as the demo's: on a phone the facilitator's cohort card must wrap it.
    wave = WaveFactory(
        programme=ProgrammeFactory(title=demo.BIMTEK),
        venue="Kopontren Al-Ittifaq, Ciwidey, Kabupaten Bandung, Jawa Barat",
    )
    trainee = TraineeFactory()
    enrol(wave, trainee)
    facilitator = FacilitatorFactory()
    FacilitatorAssignment.objects.create(wave=wave, facilitator=facilitator)
    SessionFactory(wave=wave)  # under way: the facilitator's home shows its attendance panel
    demo.load()
    lesson = LessonPage.objects.get(slug=LESSON_SLUG, locale__language_code="id")
    return {"trainee": trainee, "facilitator": facilitator, "lesson": lesson, "wave": wave}


def scroll_width(page) -> int:
    """The page's width; a table laid out as cards on a phone (.table-stack) whose text runs
    past its card (clipped, or scrolling inside its region) counts as that much wider."""
    return page.evaluate(
        """() => {
            let width = document.documentElement.scrollWidth;
            for (const region of document.querySelectorAll(".table-scroll")) {
                if (!region.querySelector("table.table-stack")) continue;
                width = Math.max(width, innerWidth + region.scrollWidth - region.clientWidth);
            }
            return width;
        }"""
    )


def choose_language(page, name: str) -> None:
    page.locator("details.site-menu summary").click()
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")


def test_switch_id_en_id_on_a_lesson_lands_on_the_same_lesson(phone, live_server, journeys):
    lesson = journeys["lesson"]
    english = lesson.get_translation(Locale.objects.get(language_code="en"))
    login(phone, live_server, journeys["trainee"].username, PASSWORD)
    phone.goto(f"{live_server.url}{lesson.url}")
    assert phone.locator("h1").inner_text() == lesson.title

    choose_language(phone, "English")
    assert urlsplit(phone.url).path == english.url
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.locator("h1").inner_text() == english.title != lesson.title

    choose_language(phone, "Bahasa Indonesia")
    assert urlsplit(phone.url).path == lesson.url
    assert phone.locator("html").get_attribute("lang") == "id"
    assert phone.locator("h1").inner_text() == lesson.title
    assert scroll_width(phone) <= PHONE["width"]


def test_an_untranslated_course_switches_to_the_english_catalogue_with_a_note(
    phone, live_server, journeys
):
    course = CoursePage.objects.filter(locale__language_code="id").exclude(
        slug="menyusun-ad-art-dan-sop-koperasi"
    )[0]
    phone.goto(f"{live_server.url}{course.url}")
    choose_language(phone, "English")
    assert urlsplit(phone.url).path == "/en/kursus/"
    assert phone.locator("h1").inner_text() == "Course catalogue"
    assert "not available in this language yet" in phone.locator(".messages").inner_text()


def test_404_and_403_in_indonesian_with_the_site_header(phone, live_server, journeys):
    response = phone.goto(f"{live_server.url}/tidak-ada/")
    assert response.status == 404
    assert phone.locator("html").get_attribute("lang") == "id"
    assert phone.locator("header.site-header .brand").is_visible()
    assert phone.locator("h1").inner_text() == "Halaman tidak ditemukan"
    assert phone.get_by_role("link", name="Kembali ke beranda").is_visible()
    assert scroll_width(phone) <= PHONE["width"]

    outsider = TraineeFactory()  # in no programme: the course's lessons are not theirs
    login(phone, live_server, outsider.username, PASSWORD)
    response = phone.goto(f"{live_server.url}{journeys['lesson'].url}")
    assert response.status == 403
    assert phone.locator("html").get_attribute("lang") == "id"
    assert phone.locator("header.site-header .brand").is_visible()
    assert phone.locator("h1").inner_text() == "Anda tidak memiliki akses ke halaman ini"
    assert phone.get_by_role("link", name="Buka beranda saya").is_visible()
    assert scroll_width(phone) <= PHONE["width"]


def crawl(page, live_server, start: list[str], limit: int = 60) -> dict[str, int]:
    """Visit the front-end pages reachable from ``start`` (same site, GET links), breadth
    first, up to ``limit``; return each page's document width."""
    seen, queue, widths = set(), list(start), {}
    while queue and len(widths) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        try:
            response = page.goto(f"{live_server.url}{path}")
        except PlaywrightError:  # a download (an export, a PDF): not a page
            continue
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        widths[path] = scroll_width(page)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(href)
            if (
                parts.scheme not in ("http", "https")
                or parts.netloc != urlsplit(live_server.url).netloc
            ):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target and not any(skip in target for skip in SKIP) and target not in seen:
                queue.append(target)
    return widths


@pytest.mark.parametrize("role", ["trainee", "facilitator"])
def test_no_page_of_the_journeys_scrolls_sideways_at_360(phone, live_server, journeys, role):
    login(phone, live_server, journeys[role].username, PASSWORD)
    widths = crawl(phone, live_server, ["/beranda-saya/", "/", "/kursus/", "/en/"])
    print(f"\n{role}: {len(widths)} pages checked at 360 px")  # noqa: T201
    assert len(widths) >= 10
    assert {path: width for path, width in widths.items() if width > PHONE["width"]} == {}


def serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_or_critical_violation(browser, live_server, journeys):
    axe = Axe()
    found = {}
    for width in (360, 1280):
        context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 800})
        page = context.new_page()
        pages = ["/", "/kursus/", "/tidak-ada/", "/en/"]
        for path in pages:
            page.goto(f"{live_server.url}{path}")
            found[(width, path)] = serious(axe.run(page))
        login(page, live_server, journeys["trainee"].username, PASSWORD)
        for path in ["/beranda-saya/", journeys["lesson"].url]:
            page.goto(f"{live_server.url}{path}")
            found[(width, path)] = serious(axe.run(page))
        page.context.clear_cookies()
        login(page, live_server, journeys["facilitator"].username, PASSWORD)
        page.goto(f"{live_server.url}/beranda-saya/")
        found[(width, "facilitator /beranda-saya/")] = serious(axe.run(page))
        context.close()
    print(f"\naxe: {len(found)} page views, serious or critical: {sum(map(len, found.values()))}")  # noqa: T201
    assert {key: value for key, value in found.items() if value} == {}
