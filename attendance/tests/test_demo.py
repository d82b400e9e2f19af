import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from attendance.models import AttendanceRecord, Session
from lms.models import AuditEvent
from programmes.models import Programme

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _counts():
    return Session.objects.count(), AttendanceRecord.objects.count(), AuditEvent.objects.count()


def test_demo_schedules_attendance_and_a_wave_running_today():
    call_command("demo_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _counts()
    magang = Programme.objects.get(kind="magang")
    wave3 = magang.waves.get(number=3)
    today = timezone.localdate()
    assert wave3.starts_on <= today <= wave3.ends_on
    now = timezone.now()
    assert Session.objects.filter(wave=wave3, starts_at__lte=now, ends_at__gte=now).exists()
    for wave in magang.waves.all():
        kinds = set(wave.sessions.values_list("kind", flat=True))
        assert {"study_visit", "on_the_job", "opening", "closing"} <= kinds
    bimtek = Session.objects.filter(wave__programme__kind="bimtek")
    assert bimtek.count() == 5 and bimtek.filter(title__contains="AD/ART").exists()
    coir = Programme.objects.get(kind="vocational")
    coir_sessions = Session.objects.filter(wave__programme=coir)
    assert coir_sessions.values("unit").distinct().count() == 7
    assert AttendanceRecord.objects.filter(session__wave__programme=coir).exists()
    # Each prison's trainees are marked only at their own prison's sessions.
    coir_records = AttendanceRecord.objects.filter(session__wave__programme=coir)
    assert not coir_records.exclude(session__unit=F("enrolment__organisation")).exists()
    call_command("demo_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first
