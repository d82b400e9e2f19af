"""Gap-free serials when staff issue at the same moment (PostgreSQL row locks; CI runs these)."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from accounts.factories import AdminFactory
from certificates import services
from certificates.factories import open_programme, wave_with_participants
from certificates.models import Certificate

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
        thread.join(timeout=120)
    return outcomes


def test_concurrent_issues_take_consecutive_serials_without_gaps_or_repeats(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # only the numbering is under test
    admin = AdminFactory()
    programme = open_programme()
    wave_a, group_a = wave_with_participants(6, programme=programme, admin=admin)
    wave_b, group_b = wave_with_participants(6, programme=programme, admin=admin)
    calls = [(lambda e=e: services.issue(actor=admin, enrolment=e)) for e in group_a]
    calls.append(lambda: services.issue_wave(actor=admin, wave=wave_b))
    calls += [(lambda e=e: services.issue(actor=admin, enrolment=e)) for e in group_b[:2]]
    outcomes = _run_together(calls)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    sequences = sorted(Certificate.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 13))
    assert Certificate.objects.values("enrolment").distinct().count() == 12


def test_the_same_participant_issued_twice_at_once_gets_one_certificate(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    admin = AdminFactory()
    _, (enrolment,) = wave_with_participants(1, admin=admin)
    outcomes = _run_together(
        [lambda: services.issue(actor=admin, enrolment=enrolment) for _ in range(4)]
    )
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert len({o.pk for o in outcomes}) == 1
    assert Certificate.objects.count() == 1
