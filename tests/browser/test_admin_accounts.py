"""At 360 px in Chromium: staff click a wave row and reach its form; staff bulk-create ten
accounts from an organisation picked in the chooser and get their printable code sheet; a
participant signs in with a one-time code and chooses a kata sandi."""

import re

import pytest
from playwright.sync_api import expect

from accounts import services
from accounts.factories import PASSWORD, StaffFactory
from accounts.models import User
from organisations.factories import OrganisationFactory, province
from programmes.factories import WaveFactory

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


def test_staff_click_a_wave_row_and_reach_its_form(phone, live_server):
    staff = StaffFactory(scope_province=province("32"))
    wave = WaveFactory(host_site=OrganisationFactory(province=province("32")))
    login(phone, live_server, staff.username, PASSWORD)
    phone.goto(f"{live_server.url}/admin/waves/")
    phone.get_by_role("link", name=str(wave)).first.click()
    phone.wait_for_load_state("networkidle")
    assert phone.url == f"{live_server.url}/admin/waves/edit/{wave.pk}/"
    assert phone.locator("form input[name=capacity]").count() == 1
    assert phone.errors == []


def test_staff_bulk_create_ten_accounts_and_print_their_sheet(phone, live_server):
    staff = StaffFactory(scope_province=province("32"))
    OrganisationFactory(name="Koperasi Lain Bandung", province=province("32"))
    unit = OrganisationFactory(name="Koperasi WB Lapas Garut", province=province("32"))
    OrganisationFactory(name="Koperasi WB Lapas Palu", province=province("72"))
    login(phone, live_server, staff.username, PASSWORD)
    phone.goto(f"{live_server.url}/admin/participants/")
    phone.get_by_role("link", name="Buat akun sekaligus").click()
    phone.wait_for_load_state("networkidle")
    assert phone.url.endswith("/admin/participants/bulk/")

    phone.get_by_role("button", name="Pilih organisasi").click()
    modal = phone.locator(".modal-dialog")
    modal.locator("input[name=q]").fill("Garut")
    modal.get_by_role("link", name="Koperasi WB Lapas Garut").click()
    phone.locator("input[name=organisation]").wait_for(state="attached")
    # (no wait_for_function: it evaluates a string, which the admin's CSP refuses)
    expect(phone.locator("input[name=organisation]")).to_have_value(str(unit.pk))
    phone.select_option("select[name=participant_kind]", "inmate")
    names = [f"Warga Binaan Garut {i}" for i in range(1, 11)]
    phone.fill("textarea[name=names]", "\n".join(names))
    phone.get_by_role("button", name="Buat akun dan cetak lembar kode").click()
    phone.wait_for_load_state("networkidle")

    usernames = phone.locator(".slip-username").all_inner_texts()
    codes = phone.locator(".slip-code").all_inner_texts()
    assert len(usernames) == 10 and len(codes) == 10
    assert all(re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}", c) for c in codes)
    assert "Koperasi WB Lapas Garut" in phone.content()
    assert User.objects.filter(organisation=unit, participant_kind="inmate").count() == 10
    _no_sideways_scroll(phone)
    phone.emulate_media(media="print")
    assert not phone.locator(".sheet-tools").is_visible()  # the printed page is the slips
    assert phone.errors == []


def test_a_participant_signs_in_with_a_code_and_sets_a_kata_sandi(phone, live_server):
    staff = StaffFactory()
    issued = services.participants_bulk_create(
        actor=staff,
        full_names=["Sutrisno"],
        organisation=OrganisationFactory(),
        participant_kind="inmate",
    )[0]
    phone.goto(f"{live_server.url}/akun/masuk/")
    phone.get_by_role("link", name="Masuk dengan kode").click()
    phone.wait_for_load_state("networkidle")
    _no_sideways_scroll(phone)
    phone.fill("input[name=username]", issued.user.username)
    phone.fill("input[name=sign_in_code]", issued.code.lower().replace("-", " "))
    phone.click("main button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert phone.url.endswith("/akun/masuk-dengan-kode/kata-sandi/")
    _no_sideways_scroll(phone)
    phone.fill("input[name=new_password1]", "Koperasi-Baru-2026")
    phone.fill("input[name=new_password2]", "Koperasi-Baru-2026")
    phone.click("main button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert phone.url == f"{live_server.url}/beranda-saya/"
    issued.user.refresh_from_db()
    assert issued.user.check_password("Koperasi-Baru-2026")
