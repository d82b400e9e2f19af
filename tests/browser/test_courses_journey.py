"""A trainee logs in, opens a course, completes two lessons and sees the progress bar move on
"Beranda saya". On the way it measures what the first load of a demo text lesson transfers."""

import gzip

import pytest

from accounts.factories import PASSWORD, TraineeFactory
from courses.models import CoursePage
from demo import courses as demo
from programmes.factories import ProgrammeFactory, WaveFactory, enrol

from .conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BUDGET = 100 * 1024  # bytes, compressed: HTML, CSS, JS and fonts of a text lesson
MEASURED_TYPES = {"document", "stylesheet", "script", "font", "image"}


def transferred_size(page, url: str) -> tuple[int, int, list[str]]:
    """Load ``url`` with an empty cache; return (gzip-compressed bytes, raw bytes, resources).
    The test server does not compress, so each body is gzipped here as a production server
    (whitenoise for static files, gzip at the proxy for HTML) would send it."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    responses = []

    def collect(response):
        responses.append(response)

    page.on("response", collect)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", collect)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    compressed = raw = 0
    names = []
    for response in responses:
        if response.request.resource_type not in MEASURED_TYPES:
            continue
        body = response.body()
        raw += len(body)
        compressed += len(gzip.compress(body, compresslevel=6))
        names.append(f"{response.request.resource_type}:{response.url.split('/', 3)[-1]}")
    return compressed, raw, names


def test_trainee_completes_two_lessons_and_sees_progress_move(page, live_server):
    wave = WaveFactory(programme=ProgrammeFactory(title=demo.BIMTEK))
    trainee = TraineeFactory()
    enrol(wave, trainee)
    demo.load()
    course = CoursePage.objects.get(
        slug="menyusun-ad-art-dan-sop-koperasi", locale__language_code="id"
    )

    login(page, live_server, trainee.username, PASSWORD)
    assert page.url == f"{live_server.url}/beranda-saya/"
    card = page.locator(f".course-progress[data-course='{course.slug}']")
    assert card.locator("progress").get_attribute("value") == "0"

    card.get_by_role("link", name=course.title).click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Mulai belajar").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Mengapa koperasi memerlukan AD/ART"

    compressed, raw, names = transferred_size(page, page.url)
    print(  # noqa: T201 - the figure goes in the closing note
        f"\nText lesson first load: {compressed / 1024:.1f} KB compressed, "
        f"{raw / 1024:.1f} KB raw; resources: {names}"
    )
    assert compressed < BUDGET / 4, "a text lesson must stay well under 100 KB"

    # A plain form POST: no JavaScript needed.
    page.get_by_role("button", name="Tandai selesai").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Menyusun rancangan AD/ART bersama anggota"
    page.get_by_role("button", name="Tandai selesai").click()
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/beranda-saya/")
    card = page.locator(f".course-progress[data-course='{course.slug}']")
    assert card.locator("progress").get_attribute("value") == "50"
    assert "2 dari 4 pelajaran (50%)" in card.inner_text()
    assert "Apa itu SOP dan kapan diperlukan" in page.locator(
        "#next-lesson ~ *"
    ).first.inner_text() or ("Apa itu SOP" in page.content())
