"""Generated cohorts for the reporting tests: programmes, waves in Jawa Barat and Sulawesi
Tengah with participants from both, sessions with marks, assignments with hand-ins and grades,
logbook entries and certificates. Rows are inserted in bulk (the per-record services are tested
in their own apps), then the summaries those services keep are brought up to date as they would
be (``keep_tallies``); a seeded random draws who attends, hands in and passes."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal

from django.utils import timezone

from accounts.constants import ParticipantKind, Role
from accounts.models import User
from assessments import tallies as assessment_tallies
from assessments.models import Assignment, Grade, LogbookEntry, Submission
from attendance import tallies as attendance_tallies
from attendance.models import AttendanceRecord, Session
from certificates.factories import issue, open_programme
from organisations.factories import OrganisationFactory, province
from programmes.factories import WaveFactory
from programmes.models import Enrolment

_batch = itertools.count(1)
MARKS = ("present", "present", "present", "late", "excused", "absent")


def people(org, n: int) -> list[User]:
    tag = next(_batch)
    return User.objects.bulk_create(
        [
            User(
                username=f"rpt-{org.pk}-{tag}-{i}",
                full_name=f"Peserta {tag}-{i:04d}",
                role=Role.TRAINEE,
                participant_kind=ParticipantKind.BOARD_MEMBER,
                organisation=org,
                password="!",  # noqa: S106 - these people never log in
            )
            for i in range(n)
        ]
    )


def keep_tallies(wave, enrolments) -> None:
    """What the attendance and assessment services keep as they write."""
    ids = [e.pk for e in enrolments]
    attendance_tallies.waves_changed([wave.pk])
    attendance_tallies.enrolments_changed(ids)
    assessment_tallies.enrolments_changed(ids)


def cohort(
    wave, orgs_and_sizes, *, seed: int = 1, certify: int = 0, admin=None, ahead: bool = True
):
    """Enrol people from each (organisation, n) in ``wave`` and give them a history (with a
    session still ahead unless ``ahead`` is false)."""
    rng = random.Random(seed)
    now = timezone.now()
    enrolments = []
    for org, n in orgs_and_sizes:
        users = people(org, n)
        rows = Enrolment.objects.bulk_create(
            [
                Enrolment(
                    wave=wave,
                    participant=u,
                    organisation=org,
                    status=rng.choice(["active", "active", "active", "invited", "withdrawn"]),
                )
                for u in users
            ]
        )
        enrolments.extend(rows)
    sessions = [
        Session.objects.create(
            wave=wave,
            kind="lecture",
            title=f"Materi {i}",
            starts_at=now - dt.timedelta(days=5 - i),
            ends_at=now - dt.timedelta(days=5 - i) + dt.timedelta(hours=2),
            lesson_hours=1 + i,
        )
        for i in range(3)
    ]
    # One session still to come: it does not count "so far".
    if ahead:
        Session.objects.create(
            wave=wave,
            kind="lecture",
            title="Nanti",
            starts_at=now + dt.timedelta(days=2),
            ends_at=now + dt.timedelta(days=2, hours=2),
            lesson_hours=4,
        )
    AttendanceRecord.objects.bulk_create(
        [
            AttendanceRecord(
                session=s,
                enrolment=e,
                status=rng.choice(MARKS),
                source="roll_call",
                recorded_at=now,
            )
            for e in enrolments
            for s in sessions
            if rng.random() < 0.9
        ]
    )
    past = Assignment.objects.create(
        wave=wave, title="Rencana usaha", due_at=now - dt.timedelta(days=1), pass_mark=60
    )
    later = Assignment.objects.create(
        wave=wave, title="Laporan akhir", due_at=now + dt.timedelta(days=3), pass_mark=70
    )
    for e in enrolments:
        for a in (past, later):
            roll = rng.random()
            if roll < 0.2:
                continue
            status = "submitted" if roll < 0.5 else "graded"
            sub = Submission.objects.create(
                assignment=a,
                participant=e.participant,
                status=status,
                submitted_at=now - dt.timedelta(days=rng.randint(0, 9), hours=rng.randint(0, 20)),
                version_count=1,
            )
            if status == "graded":
                Grade.objects.create(submission=sub, score=Decimal(rng.randint(30, 100)))
        for d in range(rng.randint(0, 3)):
            LogbookEntry.objects.create(
                enrolment=e,
                day=now.date() - dt.timedelta(days=d),
                activity="Praktik pembukuan",
                place="Kantor koperasi",
                hours=Decimal("2.5") + d,
                status=rng.choice(["pending", "verified", "verified", "returned"]),
                recorded_by=e.participant,
            )
    keep_tallies(wave, enrolments)
    if certify:
        seats = [e for e in enrolments if e.status != "withdrawn"][:certify]
        for e in seats:
            issue(e, actor=admin)
    return enrolments


def two_region_programme(sizes=(6, 4), *, seed=1, admin=None, certify=True):
    """A programme whose every enrolled participant is eligible (no attendance or assignment
    rule), with a wave hosted in Jawa Barat (people from Jawa Barat and Sulawesi Tengah) and a
    wave hosted in Sulawesi Tengah (people from Sulawesi Tengah only)."""
    # Distinct certificate codes: the default code is the title's initials, so titles such as
    # "... 1" and "... 11" would share one (and their serials would collide).
    n = next(_batch)
    programme = open_programme(title="Program Uji " + " ".join(f"{n:06d}"))
    jabar = OrganisationFactory(province=province("32"))
    sulteng = OrganisationFactory(province=province("72"))
    host_jabar = OrganisationFactory(province=province("32"), kind="coop_pesantren")
    host_sulteng = OrganisationFactory(province=province("72"), kind="coop_pesantren")
    w1 = WaveFactory(programme=programme, number=1, host_site=host_jabar, capacity=5000)
    w2 = WaveFactory(programme=programme, number=2, host_site=host_sulteng, capacity=5000)
    cohort(
        w1,
        [(jabar, sizes[0]), (sulteng, sizes[1])],
        seed=seed,
        certify=2 if certify else 0,
        admin=admin,
    )
    cohort(w2, [(sulteng, sizes[0])], seed=seed + 1, certify=1 if certify else 0, admin=admin)
    return programme, w1, w2, jabar, sulteng
