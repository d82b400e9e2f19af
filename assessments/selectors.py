"""Reads that pages share: the trainee's assignments, the grading queue, the gradebook, the
logbook totals. Figures are computed in the database; each read runs a fixed number of queries
whatever the number of participants, assignments and versions."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from programmes import api as programmes

from . import permissions
from .constants import LogbookStatus, SubmissionStatus
from .models import Assignment, Grade, LogbookEntry, LogbookPlan, Submission

SCORE = DecimalField(max_digits=8, decimal_places=2)
HANDED_IN = (SubmissionStatus.SUBMITTED, SubmissionStatus.GRADED)


def _whole(queryset: QuerySet, aggregate) -> Subquery:
    """A correlated aggregate over ``queryset`` (no GROUP BY over the outer table)."""
    return Subquery(
        queryset.order_by().annotate(_all=Value(1)).values("_all").annotate(v=aggregate).values("v")
    )


# --- Trainee --------------------------------------------------------------------------------


def my_assignments(user) -> QuerySet[Assignment]:
    """The assignments of the trainee's waves (not those they withdrew from), each with the
    trainee's own (or team's) submission status and, once released, grade and feedback."""
    enrolments = programmes.Enrolment.objects.filter(
        participant=user, status__in=programmes.SEAT_STATUSES
    )
    mine = Submission.objects.filter(assignment=OuterRef("pk")).filter(
        Q(participant=user) | Q(team_id=OuterRef("my_team"), assignment__mode="team")
    )
    released = Grade.objects.filter(submission=OuterRef("submission_id"), released=True)
    return (
        Assignment.objects.filter(wave__in=enrolments.values("wave"))
        .select_related("wave__programme", "rubric")
        .annotate(
            my_team=Subquery(enrolments.filter(wave=OuterRef("wave")).values("organisation")[:1]),
        )
        .annotate(
            submission_id=Subquery(mine.values("pk")[:1]),
            submission_status=Subquery(mine.values("status")[:1]),
            submission_late=Subquery(mine.values("is_late")[:1]),
            submitted_at=Subquery(mine.values("submitted_at")[:1]),
        )
        .annotate(
            score=Subquery(released.values("score")[:1]),
            feedback=Subquery(released.values("feedback")[:1]),
        )
        .order_by("due_at", "pk")
    )


def notifications_for(user, limit: int = 5):
    return user.assessment_notifications.order_by("-created_at", "-pk")[:limit]


def unread_count(user) -> int:
    return user.assessment_notifications.filter(read_at__isnull=True).count()


# --- Grading queue --------------------------------------------------------------------------


def grading_queue(
    user, *, wave=None, assignment=None, status: str | None = SubmissionStatus.SUBMITTED
) -> QuerySet[Submission]:
    """Handed-in work the user may grade, oldest first."""
    qs = permissions.submissions_gradable_by(user).exclude(status=SubmissionStatus.DRAFT)
    if status:
        qs = qs.filter(status=status)
    if wave is not None:
        qs = qs.filter(assignment__wave=wave)
    if assignment is not None:
        qs = qs.filter(assignment=assignment)
    return qs.select_related(
        "assignment__wave__programme", "participant", "team", "grade"
    ).order_by("submitted_at", "pk")


def neighbours(queue: QuerySet[Submission], submission: Submission):
    """The previous and next submissions in the queue around ``submission`` (two queries)."""
    at = submission.submitted_at
    after = Q(submitted_at__gt=at) | Q(submitted_at=at, pk__gt=submission.pk)
    before = Q(submitted_at__lt=at) | Q(submitted_at=at, pk__lt=submission.pk)
    nxt = queue.filter(after).order_by("submitted_at", "pk").values_list("pk", flat=True).first()
    prev = (
        queue.filter(before).order_by("-submitted_at", "-pk").values_list("pk", flat=True).first()
    )
    return prev, nxt


def backlog(user) -> list[dict]:
    """Per assignment: submissions waiting for a grade, and grades not yet released."""
    return list(
        permissions.submissions_gradable_by(user)
        .filter(status__in=HANDED_IN)
        .values("assignment_id", "assignment__title", "assignment__wave__programme__title")
        .annotate(
            waiting=Count("pk", filter=Q(status=SubmissionStatus.SUBMITTED)),
            unreleased=Count("pk", filter=Q(status=SubmissionStatus.GRADED, grade__released=False)),
        )
        .filter(Q(waiting__gt=0) | Q(unreleased__gt=0))
        .order_by("-waiting", "assignment_id")[:10]
    )


# --- Gradebook ------------------------------------------------------------------------------


def _owned_by_enrolment(prefix: str = "") -> Q:
    """Submissions (through ``prefix``) counting for the outer enrolment: the participant's
    own, or their team's in that wave."""
    return Q(**{f"{prefix}assignment__wave": OuterRef("wave")}) & (
        Q(**{f"{prefix}participant": OuterRef("participant")})
        | Q(
            **{
                f"{prefix}team": OuterRef("organisation"),
                f"{prefix}assignment__mode": "team",
            }
        )
    )


def gradebook_rows(wave, *, released_only: bool = False, status: str = "") -> QuerySet:
    """The wave's enrolments, each with its total score and the number of required
    assignments passed (grades counted for each team member)."""
    grades = Grade.objects.filter(
        _owned_by_enrolment("submission__"),
        submission__status=SubmissionStatus.GRADED,
        score__isnull=False,
    )
    if released_only:
        grades = grades.filter(released=True)
    passed = grades.filter(
        submission__assignment__required_for_certificate=True,
        score__gte=F("submission__assignment__pass_mark"),
    )
    rows = (
        programmes.Enrolment.objects.filter(wave=wave)
        .select_related("participant", "organisation")
        .annotate(
            total=Coalesce(_whole(grades, Sum("score")), Value(Decimal(0)), output_field=SCORE),
            passed_required=Coalesce(
                _whole(passed, Count("pk")), Value(0), output_field=IntegerField()
            ),
        )
        .order_by("participant__full_name", "pk")
    )
    if status:
        rows = rows.filter(status=status)
    return rows


def gradebook(wave, enrolments, *, released_only: bool = False) -> dict:
    """The cells for one page of enrolments: {(enrolment id, assignment id): submission}, in
    one query, and the wave's assignments."""
    assignments = list(Assignment.objects.filter(wave=wave).order_by("due_at", "pk"))
    enrolments = list(enrolments)
    people = {e.participant_id: e for e in enrolments}
    teams: dict[int, list] = {}
    for e in enrolments:
        teams.setdefault(e.organisation_id, []).append(e)
    subs = (
        Submission.objects.filter(assignment__wave=wave)
        .filter(
            Q(participant_id__in=list(people)) | Q(team_id__in=list(teams), assignment__mode="team")
        )
        .select_related("grade")
        .only(
            "pk",
            "assignment_id",
            "participant_id",
            "team_id",
            "status",
            "is_late",
            "grade__score",
            "grade__released",
            "grade__id",
        )
    )
    cells = {}
    for sub in subs:
        owners = [people[sub.participant_id]] if sub.participant_id else teams.get(sub.team_id, [])
        grade = getattr(sub, "grade", None)
        score = None
        if grade is not None and grade.score is not None and (grade.released or not released_only):
            score = grade.score
        for e in owners:
            cells[(e.pk, sub.assignment_id)] = {"submission": sub, "score": score}
    required = sum(1 for a in assignments if a.required_for_certificate)
    table = []
    for e in enrolments:
        table.append(
            {
                "enrolment": e,
                "cells": [cells.get((e.pk, a.pk)) for a in assignments],
                "passed": e.passed_required >= required,
            }
        )
    return {"assignments": assignments, "rows": table, "required": required}


# --- Reminders ------------------------------------------------------------------------------


def due_reminders(start, end):
    """(assignment, people who have not handed it in) for assignments due between start and
    end."""
    from accounts.api import User

    for assignment in Assignment.objects.filter(due_at__gt=start, due_at__lte=end):
        handed_in = Submission.objects.filter(assignment=assignment, status__in=HANDED_IN)
        own = handed_in.filter(participant=OuterRef("pk"))
        team = handed_in.filter(
            team__in=programmes.Enrolment.objects.filter(
                participant=OuterRef(OuterRef("pk")), wave=assignment.wave
            ).values("organisation")
        )
        people = (
            User.objects.filter(
                enrolments__wave=assignment.wave,
                enrolments__status__in=programmes.SEAT_STATUSES,
            )
            .exclude(Exists(own))
            .exclude(Exists(team) if assignment.is_team else Q(pk__in=[]))
            .distinct()
        )
        yield assignment, list(people)


# --- Logbook --------------------------------------------------------------------------------


def logbook_totals(enrolments: QuerySet) -> QuerySet:
    """Enrolments with their verified, pending and planned hours (in the database)."""
    hours = LogbookEntry.objects.filter(enrolment=OuterRef("pk"))
    return enrolments.annotate(
        verified_hours=Coalesce(
            _whole(hours.filter(status=LogbookStatus.VERIFIED), Sum("hours")),
            Value(Decimal(0)),
            output_field=SCORE,
        ),
        pending_hours=Coalesce(
            _whole(hours.filter(status=LogbookStatus.PENDING), Sum("hours")),
            Value(Decimal(0)),
            output_field=SCORE,
        ),
        planned_hours=Subquery(
            LogbookPlan.objects.filter(wave=OuterRef("wave")).values("planned_hours")[:1]
        ),
    )


# --- For certificates and reporting (through api.py) -----------------------------------------


def required_assignment_results(*, wave, enrolment_ids) -> dict[int, list[tuple[str, bool]]]:
    """{enrolment id: [(assignment title, passed), ...]} for the wave's assignments required for
    the certificate. Passed: a released grade at or above the pass mark, the participant's own
    or their cooperative team's. Three queries whatever the number of people."""
    assignments = list(
        Assignment.objects.filter(wave=wave, required_for_certificate=True).order_by("due_at", "pk")
    )
    enrolments = list(
        programmes.Enrolment.objects.filter(pk__in=list(enrolment_ids)).values_list(
            "pk", "participant_id", "organisation_id"
        )
    )
    passed = set()
    if assignments and enrolments:
        rows = Submission.objects.filter(
            assignment__in=assignments,
            status=SubmissionStatus.GRADED,
            grade__released=True,
            grade__score__gte=F("assignment__pass_mark"),
        ).filter(
            Q(participant_id__in=[p for _e, p, _o in enrolments])
            | Q(team_id__in=[o for _e, _p, o in enrolments], assignment__mode="team")
        )
        for assignment_id, participant_id, team_id in rows.values_list(
            "assignment_id", "participant_id", "team_id"
        ):
            passed.add(
                (assignment_id, "p", participant_id)
                if participant_id
                else (assignment_id, "t", team_id)
            )
    result = {}
    for enrolment_id, participant_id, organisation_id in enrolments:
        items = []
        for a in assignments:
            key = (a.pk, "t", organisation_id) if a.is_team else (a.pk, "p", participant_id)
            items.append((a.title, key in passed))
        result[enrolment_id] = items
    return result


def verified_logbook_hours(*, wave, enrolment_ids) -> dict[int, Decimal]:
    """{enrolment id: verified logbook hours} (one query)."""
    rows = (
        LogbookEntry.objects.filter(
            enrolment_id__in=list(enrolment_ids),
            enrolment__wave=wave,
            status=LogbookStatus.VERIFIED,
        )
        .values("enrolment_id")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    result = {pk: Decimal(0) for pk in enrolment_ids}
    result.update({row["enrolment_id"]: row["hours"] for row in rows})
    return result


# --- At risk --------------------------------------------------------------------------------


def _flag(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


def at_risk_flags(enrolments: QuerySet, *, now) -> QuerySet:
    """Annotate enrolments with what puts them at risk on the assessment side: ``overdue`` (a
    required assignment past its due time and not handed in: neither their own answer nor, for
    a team assignment, their cooperative's), ``failed`` (a required assignment graded below its
    pass mark) and ``logbook_unsigned`` (logbook days waiting for the mentor).

    Read from the kept tally (``AssessmentTally``) where it is exact (a row kept for the
    enrolment's present cooperative), computed from the rows for the others: the same answer,
    without a subquery per enrolment at national scale."""
    st = SubmissionStatus
    owned = Submission.objects.filter(
        Q(participant=OuterRef(OuterRef("participant")))
        | Q(team=OuterRef(OuterRef("organisation")), assignment__mode="team"),
        assignment=OuterRef("pk"),
    )
    required = Assignment.objects.filter(wave=OuterRef("wave"), required_for_certificate=True)
    overdue = required.filter(due_at__lt=now).exclude(
        Exists(owned.filter(status__in=(st.SUBMITTED, st.GRADED)))
    )
    failed = required.filter(
        Exists(
            owned.filter(
                status=st.GRADED,
                grade__score__isnull=False,
                grade__score__lt=F("assignment__pass_mark"),
            )
        )
    )
    pending = LogbookEntry.objects.filter(enrolment=OuterRef("pk"), status=LogbookStatus.PENDING)
    kept = Q(assessment_tally__organisation=F("organisation"))
    return enrolments.annotate(
        overdue=Case(
            When(
                kept,
                then=_flag(
                    Q(assessment_tally__overdue_from__isnull=False)
                    & Q(assessment_tally__overdue_from__lt=now)
                ),
            ),
            default=Exists(overdue),
            output_field=BooleanField(),
        ),
        failed=Case(
            When(kept, then=_flag(Q(assessment_tally__failed__gt=0))),
            default=Exists(failed),
            output_field=BooleanField(),
        ),
        logbook_unsigned=Case(
            When(kept, then=_flag(Q(assessment_tally__logbook_pending__gt=0))),
            default=Exists(pending),
            output_field=BooleanField(),
        ),
    )
