"""In Chromium, at 360 px: a trainee uploads a business plan; the facilitator grades it with the
rubric and releases the grade; the trainee sees the score and the feedback. A board member of a
cooperative hands in the AD/ART for the team and another member sees it."""

import datetime as dt
from pathlib import Path

import pytest

from accounts.factories import PASSWORD, AdminFactory, FacilitatorFactory, TraineeFactory
from assessments.constants import Mode
from assessments.factories import PDF_BYTES, AssignmentFactory, RubricFactory
from organisations.factories import OrganisationFactory
from programmes import services as programme_services
from programmes.factories import WaveFactory, enrol

from .conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 360, "height": 780}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="id-ID", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    context.close()


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def _logout(page):
    page.context.clear_cookies()


@pytest.fixture
def cohort(db):
    admin = AdminFactory()
    wave = WaveFactory(starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2026, 12, 20))
    facilitator = FacilitatorFactory()
    programme_services.facilitator_assign(
        actor=admin, wave=wave, facilitator=facilitator, role="fasilitator"
    )
    coop = OrganisationFactory(name="Koperasi Warga Binaan Sukamiskin")
    chair = TraineeFactory(organisation=coop, full_name="Ketua Koperasi")
    secretary = TraineeFactory(organisation=coop, full_name="Sekretaris Koperasi")
    for person in (chair, secretary):
        enrol(wave, person, actor=admin)
    plan = AssignmentFactory(wave=wave, title="Rencana Bisnis", rubric=RubricFactory())
    ad_art = AssignmentFactory(wave=wave, title="Draf AD/ART", mode=Mode.TEAM)
    return {
        "facilitator": facilitator,
        "chair": chair,
        "secretary": secretary,
        "plan": plan,
        "ad_art": ad_art,
    }


def test_upload_grade_with_rubric_release_and_see_feedback(live_server, phone, cohort, tmp_path):
    page = phone
    pdf = Path(tmp_path / "rencana-bisnis.pdf")
    pdf.write_bytes(PDF_BYTES)
    login(page, live_server, cohort["chair"].username, PASSWORD)
    page.goto(f"{live_server.url}/tugas/")
    page.click("text=Rencana Bisnis")
    page.set_input_files("input[type=file]", str(pdf))
    page.click("button[value=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-status]").inner_text() == "Dikumpulkan"
    _no_sideways_scroll(page)
    _logout(page)

    login(page, live_server, cohort["facilitator"].username, PASSWORD)
    page.goto(f"{live_server.url}/tugas/antrean/")
    page.click("text=Ketua Koperasi")
    page.wait_for_load_state("networkidle")
    assert page.locator("iframe.viewer").count() == 1
    page.check("text=Baik (50) – Lengkap dan jelas")
    page.check("text=Cukup (20) – Kurang realistis")
    page.fill("textarea[name=feedback]", "Hitung ulang proyeksi penjualan.")
    page.click("button[value=release]")
    page.wait_for_load_state("networkidle")
    _no_sideways_scroll(page)
    _logout(page)

    login(page, live_server, cohort["chair"].username, PASSWORD)
    page.goto(f"{live_server.url}/tugas/{cohort['plan'].pk}/")
    assert page.locator("[data-score]").inner_text() == "70"
    assert "Hitung ulang proyeksi penjualan." in page.locator("[data-feedback]").inner_text()
    assert page.locator(".levels li.chosen").count() == 2
    page.goto(f"{live_server.url}/beranda-saya/")
    assert "sudah dapat dilihat" in page.content()
    assert not page.errors


def test_board_member_submits_for_the_team_and_another_member_sees_it(live_server, phone, cohort):
    page = phone
    login(page, live_server, cohort["chair"].username, PASSWORD)
    page.goto(f"{live_server.url}/tugas/{cohort['ad_art'].pk}/")
    assert "satu pengumpulan untuk seluruh pengurus" in page.content()
    page.fill("textarea[name=text]", "Pasal 1 Nama koperasi\nPasal 2 Tujuan")
    page.click("button[value=submit]")
    page.wait_for_load_state("networkidle")
    _no_sideways_scroll(page)
    _logout(page)

    login(page, live_server, cohort["secretary"].username, PASSWORD)
    page.goto(f"{live_server.url}/tugas/")
    card = page.locator(f"[data-assignment='{cohort['ad_art'].pk}']")
    assert "Dikumpulkan" in card.inner_text()
    card.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert "Koperasi Warga Binaan Sukamiskin" in page.content()
    page.click("text=Jawaban teks")
    assert "Pasal 2 Tujuan" in page.locator(".answer-text").first.inner_text()
    assert not page.errors


def _serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_violation_on_assignment_pages(browser, live_server, cohort):
    from axe_playwright_python.sync_playwright import Axe

    from assessments import services

    version = services.submit(
        actor=cohort["chair"], assignment=cohort["ad_art"], text="Pasal 1\nPasal 2"
    )
    services.submit(actor=cohort["chair"], assignment=cohort["ad_art"], text="Pasal 1\nPasal 3")
    submission = version.submission
    axe = Axe()
    found = {}
    for width in (360, 1280):
        context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 800})
        page = context.new_page()
        login(page, live_server, cohort["secretary"].username, PASSWORD)
        for path in ["/tugas/", f"/tugas/{cohort['plan'].pk}/", f"/tugas/{cohort['ad_art'].pk}/"]:
            page.goto(f"{live_server.url}{path}")
            found[(width, path)] = _serious(axe.run(page))
        page.context.clear_cookies()
        login(page, live_server, cohort["facilitator"].username, PASSWORD)
        for path in [
            "/tugas/antrean/",
            f"/tugas/pengumpulan/{submission.pk}/nilai/",
            f"/tugas/pengumpulan/{submission.pk}/beda/",
            f"/tugas/gelombang/{cohort['plan'].wave_id}/nilai/",
            f"/tugas/{cohort['ad_art'].pk}/serahkan/",
        ]:
            page.goto(f"{live_server.url}{path}")
            found[(width, path)] = _serious(axe.run(page))
        context.close()
    assert {key: value for key, value in found.items() if value} == {}
