"""Staff admin lists: every row links to its record (edit, or inspect where read-only), dates
read as dates, times carry their zone's label, and the audit page shows changes as a table."""

import re

import pytest
from django.urls import reverse

from accounts import services as account_services
from accounts.factories import StaffFactory, TraineeFactory
from lms.models import AuditEvent
from organisations.factories import OrganisationFactory, province
from programmes.factories import WaveFactory, enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def jabar_and_sulteng():
    jabar = OrganisationFactory(province=province("32"))
    sulteng = OrganisationFactory(province=province("72"))
    wave_jabar = WaveFactory(host_site=jabar)
    wave_sulteng = WaveFactory(host_site=sulteng, time_zone="Asia/Makassar")
    pj = TraineeFactory(organisation=jabar)
    ps = TraineeFactory(organisation=sulteng)
    # A Jabar participant in the Sulteng wave: Jabar staff see the wave but may not change it.
    e_own = enrol(wave_jabar, pj)
    e_cross = enrol(wave_sulteng, TraineeFactory(organisation=jabar))
    enrol(wave_sulteng, ps)
    return locals()


def _row_links(html):
    """The first cell's link of every row in the listing."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<td class="title">\s*<div class="title-wrapper">\s*<a href="([^"]+)"', body)


@pytest.mark.parametrize(
    "index, edit, inspect",
    [
        ("waves:index", "/admin/waves/edit/", "/admin/waves/inspect/"),
        ("enrolments:index", "/admin/enrolments/edit/", "/admin/enrolments/inspect/"),
        ("participants:index", "/admin/participants/edit/", "/admin/participants/inspect/"),
        ("audit:index", None, "/admin/audit/inspect/"),
    ],
)
def test_every_row_links_to_its_record(client, jabar_and_sulteng, index, edit, inspect):
    client.force_login(StaffFactory(scope_province=province("32")))
    html = client.get(reverse(index)).content.decode()
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr")
    links = _row_links(html)
    assert rows and len(links) == rows
    assert all(link.startswith(edit or inspect) or link.startswith(inspect) for link in links)


def test_a_wave_one_may_see_but_not_change_links_to_its_read_only_page(client, jabar_and_sulteng):
    client.force_login(StaffFactory(scope_province=province("32")))
    links = _row_links(client.get(reverse("waves:index")).content.decode())
    sulteng = jabar_and_sulteng["wave_sulteng"].pk
    jabar = jabar_and_sulteng["wave_jabar"].pk
    assert f"/admin/waves/inspect/{sulteng}/" in links
    assert f"/admin/waves/edit/{jabar}/" in links


def test_dates_are_dates_not_relative(client, jabar_and_sulteng):
    client.force_login(StaffFactory())
    html = client.get(reverse("waves:index")).content.decode()
    wave = jabar_and_sulteng["wave_jabar"]
    assert wave.starts_on.strftime("%-d") + " " in html
    assert "yang lalu" not in html and "w-human-readable-date" not in html


def test_enrolment_times_carry_the_waves_zone(client, jabar_and_sulteng):
    client.force_login(StaffFactory())
    html = client.get(reverse("enrolments:index")).content.decode()
    assert re.search(r"\d{1,2} \w+ \d{4} \d{2}:\d{2} WITA", html)  # the Sulteng wave
    assert re.search(r"\d{1,2} \w+ \d{4} \d{2}:\d{2} WIB", html)
    assert "yang lalu" not in html


def test_audit_times_are_in_the_staffs_own_zone(client, jabar_and_sulteng):
    client.force_login(StaffFactory(scope_province=province("72")))
    html = client.get(reverse("audit:index")).content.decode()
    assert " WITA" in html and " WIB<" not in html
    client.force_login(StaffFactory())  # national staff read WIB
    html = client.get(reverse("audit:index")).content.decode()
    assert " WIB" in html


def test_the_audit_page_shows_before_and_after_as_a_table(client, jabar_and_sulteng):
    staff = StaffFactory(scope_province=province("32"))
    participant = jabar_and_sulteng["pj"]
    account_services.participant_update(
        actor=staff, participant=participant, full_name="Siti Baru", participant_kind="inmate"
    )
    event = AuditEvent.objects.get(action="participant.update")
    client.force_login(staff)
    html = client.get(reverse("audit:inspect", args=[event.pk])).content.decode()
    table = html.split('<table class="listing">', 1)[1].split("</table>", 1)[0]
    assert "Nama lengkap" in table and "Siti Baru" in table
    assert "Warga binaan" in table  # the choice's label, not its code
    assert "{&quot;" not in html and '{"full_name"' not in html
    assert "Data peserta diubah" in html


def test_out_of_scope_audit_rows_are_not_found(client, jabar_and_sulteng):
    staff = StaffFactory(scope_province=province("32"))
    sulteng = jabar_and_sulteng["ps"]
    event = AuditEvent.objects.filter(target_id=str(sulteng.pk), province_code="72").first()
    client.force_login(staff)
    assert client.get(reverse("audit:inspect", args=[event.pk])).status_code == 404
