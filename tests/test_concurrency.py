"""Rules that must hold when staff act at the same moment, on PostgreSQL (CI runs these):
one person is never booked into two overlapping waves, and a wave never ends up with more
seats taken than its capacity when the capacity is cut while enrolments are in flight.

SQLite serialises every write, so it cannot show a race: these tests skip there."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.factories import AdminFactory, TraineeFactory
from programmes import services
from programmes.constants import SEAT_STATUSES, EnrolmentStatus
from programmes.factories import ProgrammeFactory, WaveFactory
from programmes.models import Enrolment, Wave

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="Races need PostgreSQL's row locks; SQLite serialises writes (CI runs these).",
    ),
]


def _run_together(calls):
    """Run each call in its own thread and database connection, all released at once by a
    barrier; return each call's outcome (a value or the exception it raised)."""
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


@pytest.mark.parametrize("attempt", range(5))
def test_two_overlapping_enrolments_of_one_person_at_once_only_one_succeeds(attempt):
    admin = AdminFactory()
    programme = ProgrammeFactory()
    start = datetime.date(2026, 3, 1)
    first = WaveFactory(programme=programme, starts_on=start, ends_on=start + datetime.timedelta(5))
    second = WaveFactory(
        programme=ProgrammeFactory(),
        starts_on=start + datetime.timedelta(2),
        ends_on=start + datetime.timedelta(8),
    )
    person = TraineeFactory()

    outcomes = _run_together(
        [
            lambda: services.enrolment_create(actor=admin, wave=first, participant=person),
            lambda: services.enrolment_create(actor=admin, wave=second, participant=person),
        ]
    )

    assert Enrolment.objects.filter(participant=person, status__in=SEAT_STATUSES).count() == 1
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1 and refused[0].code == "dates_overlap", outcomes


def test_cutting_capacity_while_enrolling_never_leaves_more_seats_than_capacity():
    admin = AdminFactory()
    wave = WaveFactory(capacity=10)
    for _ in range(5):
        services.enrolment_create(actor=admin, wave=wave, participant=TraineeFactory())
    newcomers = [TraineeFactory() for _ in range(4)]

    calls = [
        (lambda p=p: services.enrolment_create(actor=admin, wave=wave, participant=p))
        for p in newcomers
    ]
    calls.append(lambda: services.wave_update(actor=admin, wave=wave, capacity=6))
    outcomes = _run_together(calls)

    wave = Wave.objects.get(pk=wave.pk)
    taken = wave.enrolments.filter(status__in=SEAT_STATUSES).count()
    assert taken <= wave.capacity, (taken, wave.capacity, outcomes)
    unexpected = [
        o for o in outcomes if isinstance(o, Exception) and not isinstance(o, ValidationError)
    ]
    assert unexpected == []
    if wave.capacity == 6:
        assert taken == 6  # the cut won: only one newcomer got in before or after it
    else:
        assert wave.capacity == 10 and taken == 9  # the cut came last and was refused


def test_two_staff_taking_the_last_seat_at_once_only_one_gets_it():
    admin = AdminFactory()
    wave = WaveFactory(capacity=1)
    people = [TraineeFactory(), TraineeFactory()]
    outcomes = _run_together(
        [
            (lambda p=p: services.enrolment_create(actor=admin, wave=wave, participant=p))
            for p in people
        ]
    )
    assert wave.enrolments.filter(status=EnrolmentStatus.INVITED).count() == 1
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1
