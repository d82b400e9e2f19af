"""Two facilitators grading the same submission at the same moment, on PostgreSQL: one grade is
saved, the other grader is told (GradeConflict), nothing is silently overwritten. And two team
members handing in at once make two versions of one submission, never two submissions.

SQLite serialises every write, so it cannot show a race: these tests skip there."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection

from assessments import services
from assessments.models import Grade, Submission

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


@pytest.mark.parametrize("attempt", range(3))
def test_two_graders_at_once_one_wins_the_other_is_told(world, attempt):
    services.submit(actor=world.a1, assignment=world.team, text="AD/ART")
    submission = Submission.objects.get(assignment=world.team)
    outcomes = _run_together(
        [
            lambda: services.grade_save(
                actor=world.facilitator, submission=submission, score=70, feedback="A", revision=0
            ),
            lambda: services.grade_save(
                actor=world.mentor, submission=submission, score=40, feedback="B", revision=0
            ),
        ]
    )
    conflicts = [o for o in outcomes if isinstance(o, services.GradeConflict)]
    saved = [o for o in outcomes if isinstance(o, Grade)]
    assert len(conflicts) == 1 and len(saved) == 1, outcomes
    grade = Grade.objects.get(submission=submission)
    assert grade.revision == 1
    assert (grade.score, grade.feedback) == (saved[0].score, saved[0].feedback)


@pytest.mark.parametrize("attempt", range(3))
def test_two_team_members_at_once_make_two_versions_of_one_submission(world, attempt):
    outcomes = _run_together(
        [
            lambda: services.submit(actor=world.a1, assignment=world.team, text="dari A1"),
            lambda: services.submit(actor=world.a2, assignment=world.team, text="dari A2"),
        ]
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    submission = Submission.objects.get(assignment=world.team)
    assert sorted(submission.versions.values_list("number", flat=True)) == [1, 2]
    assert submission.version_count == 2
