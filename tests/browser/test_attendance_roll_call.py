"""A facilitator takes the roll call of a room of 38 on a phone: mark all present, change the
exceptions, save once."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.factories import PASSWORD, AdminFactory, FacilitatorFactory
from attendance.factories import SessionFactory, bulk_roster
from attendance.models import AttendanceRecord
from programmes import services as programme_services
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


def test_roll_call_of_38_on_a_phone(phone, live_server):
    wave = WaveFactory()
    facilitator = FacilitatorFactory()
    programme_services.facilitator_assign(
        actor=AdminFactory(), wave=wave, facilitator=facilitator, role="fasilitator"
    )
    session = SessionFactory(wave=wave, starts_at=timezone.now() - dt.timedelta(minutes=10))
    enrolments = bulk_roster(wave, 38)
    login(phone, live_server, facilitator.username, PASSWORD)
    phone.goto(f"{live_server.url}/kehadiran/sesi/{session.pk}/presensi/")
    assert phone.locator(".roll-row").count() == 38
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_role("link", name="Tandai semua hadir").click()
    rows = {e.pk: phone.locator(f'.roll-row[data-enrolment="{e.pk}"]') for e in enrolments}
    rows[enrolments[3].pk].locator("label.mark-absent").click()
    rows[enrolments[10].pk].locator("label.mark-late").click()
    excused = rows[enrolments[20].pk]
    excused.locator("label.mark-excused").click()
    excused.locator("summary").click()
    excused.locator("input[type=text]").fill("Sakit, surat dokter")
    phone.get_by_role("button", name="Simpan presensi").click()
    phone.wait_for_load_state("networkidle")
    assert "Presensi disimpan: 38 baru" in phone.locator(".messages").inner_text()
    marks = dict(AttendanceRecord.objects.values_list("enrolment_id", "status"))
    assert len(marks) == 38
    assert marks[enrolments[3].pk] == "absent"
    assert marks[enrolments[10].pk] == "late"
    assert marks[enrolments[20].pk] == "excused"
    assert list(marks.values()).count("present") == 35
    assert AttendanceRecord.objects.get(enrolment=enrolments[20]).note == "Sakit, surat dokter"
    assert phone.errors == []
