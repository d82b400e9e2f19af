"""Offline roll call: the facilitator marks without network, the marks arrive when the
connection returns, and a mark someone changed meanwhile lands in the conflict log."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.factories import PASSWORD, AdminFactory, FacilitatorFactory
from attendance import services
from attendance.factories import SessionFactory, bulk_roster
from attendance.models import AttendanceConflict, AttendanceRecord
from programmes import services as programme_services
from programmes.factories import WaveFactory

from .conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_offline_marks_arrive_and_a_conflict_is_logged(browser, live_server):
    admin = AdminFactory()
    wave = WaveFactory()
    facilitator, colleague = FacilitatorFactory(), FacilitatorFactory()
    for person in (facilitator, colleague):
        programme_services.facilitator_assign(
            actor=admin, wave=wave, facilitator=person, role="fasilitator"
        )
    session = SessionFactory(wave=wave, starts_at=timezone.now() - dt.timedelta(minutes=10))
    first, second, third = bulk_roster(wave, 3)
    services.roll_call_save(
        actor=facilitator, session=session, marks={second.pk: services.MarkInput("present")}
    )
    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 780})
    page = context.new_page()
    login(page, live_server, facilitator.username, PASSWORD)
    url = f"{live_server.url}/kehadiran/sesi/{session.pk}/presensi/"
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now served through the service worker, which keeps a copy

    context.set_offline(True)
    page.locator(f'.roll-row[data-enrolment="{first.pk}"] label.mark-present').click()
    page.locator(f'.roll-row[data-enrolment="{second.pk}"] label.mark-absent').click()
    page.get_by_role("button", name="Simpan presensi").click()
    status = page.locator("[data-offline-status]")
    assert "2 tanda tersimpan di perangkat" in status.inner_text()
    assert not AttendanceRecord.objects.filter(enrolment=first).exists()

    # Meanwhile a colleague with network marks the second participant late.
    services.roll_call_save(
        actor=colleague, session=session, marks={second.pk: services.MarkInput("late")}
    )
    with page.expect_navigation():
        context.set_offline(False)
    page.wait_for_load_state("networkidle")
    assert AttendanceRecord.objects.get(enrolment=first).status == "present"
    assert AttendanceRecord.objects.get(enrolment=second).status == "late"  # not overwritten
    conflict = AttendanceConflict.objects.get()
    assert (conflict.offline_status, conflict.server_status) == ("absent", "late")
    assert not AttendanceRecord.objects.filter(enrolment=third).exists()
    page.get_by_role("link", name="1 konflik perlu diputuskan").click()
    assert conflict.enrolment.participant.full_name in page.content()
    context.close()
