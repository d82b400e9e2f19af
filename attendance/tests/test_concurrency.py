"""Attendance when people act at the same moment, on PostgreSQL: two facilitators saving the
same roll call lose nothing (each field one of them changed is kept, the earlier value is in
the audit trail), a trainee's two check-ins at once make one record, and marks of two sessions
saved at once are both in the participant's kept tally.

SQLite serialises every write, so it cannot show a race: these tests skip there."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.factories import AdminFactory, FacilitatorFactory, TraineeFactory
from attendance import checkin, services
from attendance.factories import SessionFactory
from attendance.models import AttendanceRecord, AttendanceTally
from attendance.services import MarkInput
from lms.audit import events_for
from programmes import services as programme_services
from programmes.factories import WaveFactory, enrol

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="Races need PostgreSQL's row locks; SQLite serialises writes (CI runs these).",
    ),
]


def _run_together(calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _setup():
    admin = AdminFactory()
    wave = WaveFactory()
    first, second = FacilitatorFactory(), FacilitatorFactory()
    for person in (first, second):
        programme_services.facilitator_assign(
            actor=admin, wave=wave, facilitator=person, role="fasilitator"
        )
    trainee = TraineeFactory()
    enrolment = enrol(wave, trainee, actor=admin)
    session = SessionFactory(wave=wave, starts_at=timezone.now() - dt.timedelta(minutes=5))
    return session, first, second, trainee, enrolment


@pytest.mark.parametrize("attempt", range(3))
def test_two_facilitators_saving_at_once_lose_nothing(attempt):
    session, first, second, _trainee, enrolment = _setup()
    services.roll_call_save(
        actor=first, session=session, marks={enrolment.pk: MarkInput("absent", "")}
    )
    # Both opened the page when it said "absent", no note; one changes the status, the other
    # adds a note.
    outcomes = _run_together(
        [
            lambda: services.roll_call_save(
                actor=first,
                session=session,
                marks={enrolment.pk: MarkInput("late", "", "absent", "")},
            ),
            lambda: services.roll_call_save(
                actor=second,
                session=session,
                marks={enrolment.pk: MarkInput("absent", "ban bocor", "absent", "")},
            ),
        ]
    )
    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    record = AttendanceRecord.objects.get(enrolment=enrolment)
    assert (record.status, record.note) == ("late", "ban bocor")
    assert record.version == 3
    assert events_for(session).filter(action="attendance.roll_call").count() == 3


@pytest.mark.parametrize("attempt", range(3))
def test_two_check_ins_of_one_trainee_at_once_make_one_record(attempt):
    session, _first, _second, trainee, enrolment = _setup()
    outcomes = _run_together([lambda: services.check_in(user=trainee, session=session)] * 2)
    refused = [o for o in outcomes if isinstance(o, checkin.CheckInRefused)]
    assert len(refused) == 1 and refused[0].reason == "already"
    assert AttendanceRecord.objects.filter(enrolment=enrolment).count() == 1
    assert events_for(session).filter(action="attendance.check_in").count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_marks_of_two_sessions_at_once_are_both_in_the_tally(attempt):
    session, first, _second, trainee, enrolment = _setup()
    other = SessionFactory(
        wave=session.wave, starts_at=timezone.now() - dt.timedelta(minutes=1), lesson_hours=3
    )
    services.roll_call_save(actor=first, session=session, marks={enrolment.pk: MarkInput("absent")})
    outcomes = _run_together(
        [
            lambda: services.roll_call_save(
                actor=first, session=session, marks={enrolment.pk: MarkInput("present")}
            ),
            lambda: services.check_in(user=trainee, session=other),
        ]
    )
    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    tally = AttendanceTally.objects.get(pk=enrolment.pk)
    assert (tally.sessions_attended, tally.jp_attended) == (2, session.lesson_hours + 3)
