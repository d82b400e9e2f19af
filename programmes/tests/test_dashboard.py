"""The staff's admin home: waves running and starting soon with seats taken out of capacity,
and the latest enrolment changes, each within the user's scope."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.factories import EditorFactory, StaffFactory, TraineeFactory
from organisations.factories import OrganisationFactory, province
from programmes.factories import WaveFactory, enrol

pytestmark = pytest.mark.django_db


def _wave(code, starts_in, length=5, **kwargs):
    today = timezone.localdate()
    start = today + datetime.timedelta(days=starts_in)
    return WaveFactory(
        host_site=OrganisationFactory(province=province(code)),
        starts_on=start,
        ends_on=start + datetime.timedelta(days=length),
        **kwargs,
    )


@pytest.fixture
def waves():
    jabar_running = _wave("32", -2, capacity=20)
    jabar_soon = _wave("32", 10)
    jabar_later = _wave("32", 90)
    jabar_past = _wave("32", -30)
    sulteng_running = _wave("72", -1)
    for _i in range(3):
        enrol(jabar_running, TraineeFactory(organisation=jabar_running.host_site))
    enrol(sulteng_running, TraineeFactory(organisation=sulteng_running.host_site))
    return {
        "jabar_running": jabar_running,
        "jabar_soon": jabar_soon,
        "jabar_later": jabar_later,
        "jabar_past": jabar_past,
        "sulteng_running": sulteng_running,
    }


def test_regional_staff_see_their_regions_waves_with_seats(client, waves):
    client.force_login(StaffFactory(scope_province=province("32")))
    html = client.get("/admin/").content.decode()
    assert "Gelombang berjalan dan segera mulai" in html
    assert str(waves["jabar_running"]) in html and "3 / 20" in html
    assert str(waves["jabar_soon"]) in html
    assert str(waves["jabar_later"]) not in html and str(waves["jabar_past"]) not in html
    assert str(waves["sulteng_running"]) not in html
    assert f"/admin/waves/edit/{waves['jabar_running'].pk}/" in html


def test_regional_staff_see_only_their_regions_enrolment_changes(client, waves):
    client.force_login(StaffFactory(scope_province=province("72")))
    html = client.get("/admin/").content.decode()
    assert "Perubahan pendaftaran terbaru" in html
    assert str(waves["sulteng_running"]) in html
    assert str(waves["jabar_running"]) not in html
    assert "WITA" in html  # Palu's staff read times in their own zone


def test_national_staff_see_every_region(client, waves):
    client.force_login(StaffFactory())
    html = client.get("/admin/").content.decode()
    assert str(waves["jabar_running"]) in html and str(waves["sulteng_running"]) in html
    assert "WIB" in html


def test_editors_get_no_programme_panels(client, waves):
    client.force_login(EditorFactory())
    html = client.get("/admin/").content.decode()
    assert "Gelombang berjalan dan segera mulai" not in html
    assert str(waves["jabar_running"]) not in html


def test_the_panels_queries_do_not_grow_with_the_data(client, waves):
    staff = StaffFactory()
    client.force_login(staff)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as small:
        client.get("/admin/")
    for i in range(8):
        wave = _wave("32", -1 + i)
        enrol(wave, TraineeFactory(organisation=wave.host_site))
    with CaptureQueriesContext(connection) as large:
        client.get("/admin/")
    assert len(large) == len(small)
