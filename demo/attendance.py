"""Demo schedules and attendance (issue 9): the magang waves' week at Al-Ittifaq (opening,
classes, study visits, on-the-job training at the host cooperative, closing), the two-day Bimtek
agenda (AD/ART, SOP and business-plan workshops), the coir-net training in seven Jawa Barat
prisons (each prison's own sessions), with attendance taken for past sessions. Magang wave 3 is
running today (demo/programmes.py dates it): it has a session open now, so anyone can try roll
call and QR check-in at once.

Idempotent: a wave that already has sessions is left alone; attendance is taken once, when
its schedule is made (sessions that end after that are for the demo's users to mark).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone

from accounts.api import User
from attendance import services
from attendance.constants import ExcusedRule, Mark, SessionKind
from attendance.models import AttendanceRecord, Session
from lms import timezones
from organisations.api import Organisation
from programmes.models import Programme

from . import programmes as programmes_demo

K = SessionKind
# (day offset, start, end, kind, title, JP)
MAGANG_WEEK = [
    (0, "08:00", "10:00", K.OPENING, "Pembukaan dan orientasi magang", 2),
    (0, "10:30", "15:00", K.LECTURE, "Tata kelola dan SOP koperasi pesantren", 4),
    (1, "08:00", "15:00", K.STUDY_VISIT, "Kunjungan belajar: rantai pasok sayuran Al-Ittifaq", 6),
    (2, "08:00", "15:00", K.STUDY_VISIT, "Kunjungan belajar: manajemen produksi dan mutu", 6),
    (3, "07:00", "15:00", K.ON_THE_JOB, "Praktik kerja di kebun dan rumah kemas", 8),
    (4, "07:00", "15:00", K.ON_THE_JOB, "Praktik kerja: pemasaran produk anggota", 8),
    (5, "07:00", "15:00", K.ON_THE_JOB, "Praktik kerja: jejaring bisnis dan mitra ritel", 8),
    (6, "08:00", "15:00", K.WORKSHOP, "Transformasi digital dan rencana jangka panjang", 6),
    (7, "08:00", "11:00", K.CLOSING, "Presentasi rencana tindak lanjut dan penutupan", 3),
]
BIMTEK_DAYS = [
    (0, "08:00", "09:00", K.OPENING, "Pembukaan Bimtek", 1),
    (0, "09:00", "12:00", K.WORKSHOP, "Workshop penyusunan AD/ART koperasi", 4),
    (0, "13:00", "16:00", K.WORKSHOP, "Workshop penyusunan SOP koperasi", 4),
    (1, "08:00", "12:00", K.WORKSHOP, "Workshop rencana bisnis koperasi", 5),
    (1, "13:00", "14:00", K.CLOSING, "Penutupan dan rencana tindak lanjut", 1),
]
COIR_DAYS = [
    (0, "08:00", "11:00", K.LECTURE, "Pengenalan serat sabut kelapa dan K3 bengkel", 3),
    (1, "08:00", "14:00", K.WORKSHOP, "Praktik memintal tali sabut", 6),
    (2, "08:00", "14:00", K.WORKSHOP, "Praktik menganyam jaring coir net", 6),
    (3, "08:00", "14:00", K.FIELD_PRACTICE, "Kendali mutu dan pengemasan", 6),
    (4, "08:00", "11:00", K.CLOSING, "Uji keterampilan dan penutupan", 3),
]
# Each prison runs its week on its own days, starting a day after the one before.
COIR_STAGGER = 1


def _time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def _schedule(admin, wave, days, *, start: dt.date, unit=None) -> None:
    for offset, begin, end, kind, title, jp in days:
        day = start + dt.timedelta(days=offset)
        services.session_create(
            actor=admin,
            wave=wave,
            kind=kind,
            title=title,
            venue=wave.venue,
            lesson_hours=jp,
            unit=unit,
            starts_at=timezones.aware_in_zone(day, _time(begin), wave.time_zone),
            ends_at=timezones.aware_in_zone(day, _time(end), wave.time_zone),
        )


def _open_now_session(admin, wave) -> None:
    """A session open right now (from the last full hour, four hours long): check-in works the
    moment the demo is loaded, whatever the time of day."""
    now = timezone.now().astimezone(timezones.zone(wave.time_zone))
    start = now.replace(minute=0, second=0, microsecond=0)
    services.session_create(
        actor=admin,
        wave=wave,
        kind=K.FIELD_PRACTICE,
        title="Praktik lapangan: panen dan sortir sayuran (sesi coba presensi)",
        venue=wave.venue,
        lesson_hours=4,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=4),
    )


def _status(enrolment_pk: int, session_pk: int) -> str:
    """A reproducible mix: mostly present, a few late, excused and absent."""
    roll = hashlib.sha256(f"{enrolment_pk}:{session_pk}".encode()).digest()[0] / 256
    if roll < 0.84:
        return Mark.PRESENT
    if roll < 0.91:
        return Mark.LATE
    if roll < 0.95:
        return Mark.EXCUSED
    return Mark.ABSENT


def _take_attendance(admin, wave) -> int:
    now = timezone.now()
    marked = set(
        AttendanceRecord.objects.filter(session__wave=wave).values_list("session_id", flat=True)
    )
    enrolments = list(wave.enrolments.exclude(status="withdrawn").values_list("pk", "organisation"))
    count = 0
    for session in Session.objects.filter(wave=wave, ends_at__lte=now).order_by("starts_at"):
        if session.pk in marked:
            continue
        marks = {
            pk: services.MarkInput(_status(pk, session.pk))
            for pk, organisation in enrolments
            if session.unit_id is None or session.unit_id == organisation
        }
        if marks:
            services.roll_call_save(actor=admin, session=session, marks=marks)
            count += 1
    return count


@transaction.atomic
def load(*, stdout=None) -> None:
    admin = User.objects.get(username="admin")
    magang = Programme.objects.get(title=programmes_demo.MAGANG_TITLE)
    bimtek = Programme.objects.get(title=programmes_demo.BIMTEK_TITLE)
    coir = Programme.objects.get(title=programmes_demo.COIR_TITLE)
    services.settings_update(actor=admin, programme=bimtek, excused_rule=ExcusedRule.ATTENDED)
    services.settings_update(
        actor=admin, programme=magang, excused_rule=ExcusedRule.EXCLUDED, late_grace_minutes=15
    )
    scheduled = []
    for wave in magang.waves.order_by("number"):
        if not Session.objects.filter(wave=wave).exists():
            _schedule(admin, wave, MAGANG_WEEK, start=wave.starts_on)
            if wave.starts_on <= timezone.localdate() <= wave.ends_on:
                _open_now_session(admin, wave)
            scheduled.append(wave)
    for wave in bimtek.waves.all():
        if not Session.objects.filter(wave=wave).exists():
            _schedule(admin, wave, BIMTEK_DAYS, start=wave.starts_on)
            scheduled.append(wave)
    for wave in coir.waves.all():
        if not Session.objects.filter(wave=wave).exists():
            units = wave.enrolments.values_list("organisation", flat=True).distinct()
            prisons = Organisation.objects.filter(pk__in=list(units)).order_by("name")
            for index, unit in enumerate(prisons):
                start = wave.starts_on + dt.timedelta(days=index * COIR_STAGGER)
                _schedule(admin, wave, COIR_DAYS, start=start, unit=unit)
            scheduled.append(wave)
    taken = sum(_take_attendance(admin, wave) for wave in scheduled)
    if stdout is not None:
        stdout.write(f"Jadwal dan kehadiran demo: {taken} sesi baru dicatat.")
