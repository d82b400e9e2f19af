"""The assessment tally (``AssessmentTally``, one per enrolment) recomputed, in the service's
transaction, for the enrolments whose assignments, hand-ins, grades or logbook just changed
(``lms.tallies``: hold the rows, then recompute them). Six queries whatever the number of
people; the definitions are those of ``selectors.at_risk_flags``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q

from lms import tallies
from programmes import api as programmes

from .constants import LogbookStatus, Mode, SubmissionStatus
from .models import AssessmentTally, Assignment, LogbookEntry, Submission

HANDED_IN = (SubmissionStatus.SUBMITTED, SubmissionStatus.GRADED)


def enrolments_changed(enrolment_ids: Iterable[int]) -> None:
    """Recompute the tallies of these enrolments from the rows."""
    for chunk in tallies.hold(AssessmentTally, enrolment_ids):
        rows = list(
            programmes.Enrolment.objects.filter(pk__in=chunk).values_list(
                "pk", "wave_id", "participant_id", "organisation_id"
            )
        )
        required = defaultdict(list)
        for assignment in Assignment.objects.filter(
            wave_id__in={wave for _pk, wave, _p, _o in rows}, required_for_certificate=True
        ).only("pk", "wave_id", "due_at", "mode"):
            required[assignment.wave_id].append(assignment)
        handed_in, failing = set(), set()
        for assignment_id, participant_id, team_id, status, score, pass_mark in (
            Submission.objects.filter(
                assignment_id__in=[a.pk for wave in required.values() for a in wave],
                status__in=HANDED_IN,
            )
            .filter(
                Q(participant_id__in=[p for _pk, _w, p, _o in rows])
                | Q(team_id__in=[o for _pk, _w, _p, o in rows], assignment__mode=Mode.TEAM)
            )
            .values_list(
                "assignment_id",
                "participant_id",
                "team_id",
                "status",
                "grade__score",
                "assignment__pass_mark",
            )
        ):
            owner = (assignment_id, "p", participant_id) if participant_id else None
            owner = owner or (assignment_id, "t", team_id)
            handed_in.add(owner)
            if status == SubmissionStatus.GRADED and score is not None and score < pass_mark:
                failing.add(owner)
        pending = dict(
            LogbookEntry.objects.filter(enrolment_id__in=chunk, status=LogbookStatus.PENDING)
            .values("enrolment_id")
            .annotate(n=Count("pk"))
            .values_list("enrolment_id", "n")
        )
        kept = []
        for pk, wave, participant, organisation in rows:
            unhanded, failed = [], 0
            for a in required[wave]:
                owners = [(a.pk, "p", participant)]
                if a.mode == Mode.TEAM:
                    owners.append((a.pk, "t", organisation))
                if not any(o in handed_in for o in owners):
                    unhanded.append(a.due_at)
                if any(o in failing for o in owners):
                    failed += 1
            kept.append(
                AssessmentTally(
                    enrolment_id=pk,
                    organisation_id=organisation,
                    overdue_from=min(unhanded, default=None),
                    failed=failed,
                    logbook_pending=pending.get(pk, 0),
                )
            )
        # The rows are held: this upsert only updates them (one statement, unlike bulk_update's
        # CASE per row, which grows with the square of the rows).
        AssessmentTally.objects.bulk_create(
            kept,
            update_conflicts=True,
            unique_fields=["enrolment"],
            update_fields=["organisation", "overdue_from", "failed", "logbook_pending"],
        )


def wave_changed(wave_id: int) -> None:
    """An assignment of the wave was set, changed or removed: everyone in it."""
    enrolments_changed(
        programmes.Enrolment.objects.filter(wave_id=wave_id).values_list("pk", flat=True)
    )


def submission_changed(submission: Submission) -> None:
    """A hand-in, grade or return: the participant, or every member of the team in the wave."""
    owners = programmes.Enrolment.objects.filter(wave_id=submission.assignment.wave_id)
    if submission.participant_id:
        owners = owners.filter(participant_id=submission.participant_id)
    else:
        owners = owners.filter(organisation_id=submission.team_id)
    enrolments_changed(owners.values_list("pk", flat=True))
