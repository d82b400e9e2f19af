"""Staff open the cohort dashboard, drill into a province from the map, and export the
at-risk list as Excel; at 360 px nothing scrolls sideways outside the tables' own scrollers."""

import io
import re

import pytest
from openpyxl import load_workbook

from accounts.factories import PASSWORD, AdminFactory, StaffFactory
from organisations.factories import province
from reporting import selectors
from reporting.tests.builders import two_region_programme

from .conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [360])
def test_staff_open_dashboard_drill_into_province_and_export_at_risk(browser, live_server, width):
    admin = AdminFactory()
    programme, w1, *_ = two_region_programme(sizes=(12, 6), admin=admin, certify=False)
    staff = StaffFactory(scope_province=province("32"), password=PASSWORD)
    context = browser.new_context(
        locale="id-ID", viewport={"width": width, "height": 800}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, live_server, staff.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/pemantauan/")
    page.get_by_role("link", name=programme.title).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("columnheader", name="Gelombang 1").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1

    page.goto(f"{live_server.url}/admin/pemantauan/provinsi/")
    # The map's only linked outline for Jawa Barat staff, named by its <title>.
    shape = page.locator(".reporting-map svg").get_by_role("link", name=re.compile("^Jawa Barat: "))
    assert page.locator(".reporting-map svg a").count() == 1
    shape.click()
    page.wait_for_load_state("networkidle")
    assert "/pemantauan/provinsi/32/" in page.url
    assert page.get_by_role("heading", name="Jawa Barat").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1

    page.goto(f"{live_server.url}/admin/pemantauan/berisiko/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel").click()
    rows = list(
        load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active.iter_rows(
            values_only=True
        )
    )
    expected = list(selectors.at_risk(staff))
    assert len(rows) - 1 == len(expected) > 0
    assert {r[2] for r in rows[1:]} == {"Jawa Barat"}
    context.close()
