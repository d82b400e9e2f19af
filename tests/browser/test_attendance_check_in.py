"""A trainee scans the QR code: checked in with a fresh code, refused with an expired one."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.factories import PASSWORD, AdminFactory, TraineeFactory
from attendance import checkin
from attendance.factories import SessionFactory
from attendance.models import AttendanceRecord
from programmes.factories import WaveFactory, enrol

from .conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _link(live_server, session, step):
    sig = checkin.signature(session.pk, step)
    return f"{live_server.url}/kehadiran/masuk/{session.pk}/{step}/{sig}/"


def test_trainee_checks_in_and_an_expired_code_is_refused(browser, live_server):
    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 780})
    page = context.new_page()
    wave = WaveFactory()
    trainee = TraineeFactory()
    enrol(wave, trainee, actor=AdminFactory())
    session = SessionFactory(wave=wave, starts_at=timezone.now() - dt.timedelta(minutes=2))
    # Not signed in: the scan leads to the login form, then back to the check-in.
    page.goto(_link(live_server, session, checkin.current_step()))
    assert "/akun/masuk/" in page.url
    page.fill("input[name=username]", trainee.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Catat kehadiran saya").click()
    assert "tercatat hadir" in page.locator(".result-ok").inner_text()
    assert AttendanceRecord.objects.get(enrolment__participant=trainee).status == "present"

    other = TraineeFactory()
    enrol(wave, other, actor=AdminFactory())
    context.clear_cookies()
    login(page, live_server, other.username, PASSWORD)
    expired = checkin.current_step() - checkin.GRACE_STEPS - 2
    page.goto(_link(live_server, session, expired))
    assert "kedaluwarsa" in page.locator(".result-refused").inner_text()
    assert not AttendanceRecord.objects.filter(enrolment__participant=other).exists()
    context.close()
