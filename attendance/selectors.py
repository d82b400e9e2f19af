"""Reads that pages, exports and the home panels share. Every figure is computed in the
database: counts and lesson hours per participant are correlated subqueries, so a page of 38 or
of 1,000 participants costs the same number of queries.

Rates (per participant, per wave, per province) count lesson hours (JP): a six-JP workshop
weighs more than a one-JP opening. Only sessions already started count ("so far"). How an
excused absence counts is the programme's setting (``AttendanceSettings.excused_rule``):

- ``attended``: excused hours count as attended;
- ``excluded``: excused hours leave the denominator (neither attended nor missed);
- ``absent``: excused hours count as missed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, NullIf
from django.utils import timezone

from programmes import api as programmes

from .constants import ATTENDING, DEFAULT_EXCUSED_RULE, ExcusedRule, Mark
from .models import AttendanceRecord, AttendanceSettings, Session
from .permissions import sessions_visible_to


def _total(queryset: QuerySet, expression) -> Coalesce:
    """A correlated aggregate over ``queryset`` (already narrowed to one outer row)."""
    subquery = (
        queryset.order_by()
        .annotate(_one=Value(1))
        .values("_one")
        .annotate(n=expression)
        .values("n")
    )
    return Coalesce(Subquery(subquery, output_field=IntegerField()), 0)


def _sessions_of_enrolment() -> QuerySet[Session]:
    """The sessions an enrolment (the outer row) is expected at: its wave's, except sessions of
    another unit in a programme run across several units."""
    return Session.objects.filter(wave=OuterRef("wave")).filter(
        Q(unit__isnull=True) | Q(unit=OuterRef("organisation"))
    )


def excused_rule_of_wave() -> Coalesce:
    """The excused-absence rule of the (outer) enrolment's programme."""
    return Coalesce(
        Subquery(
            AttendanceSettings.objects.filter(programme=OuterRef("wave__programme")).values(
                "excused_rule"
            )[:1]
        ),
        Value(DEFAULT_EXCUSED_RULE),
    )


def with_rates(enrolments: QuerySet, *, now: dt.datetime | None = None, rule: str | None = None):
    """Annotate enrolments with sessions and JP planned (so far and in total), attended,
    excused, the rate so far (percent, None before the first session) and ``at_risk``.

    ``rule`` forces an excused-absence rule (for comparing them); by default each enrolment's
    programme setting applies."""
    return _rated(with_figures(enrolments, now=now, rule=rule))


def with_figures(
    enrolments: QuerySet, *, now: dt.datetime | None = None, rule: str | None = None
) -> QuerySet:
    """``with_rates``' counts and JP (planned, due, attended, excused) and ``excused_rule``,
    without the rate: for readers that apply the rule themselves (certificate eligibility)."""
    now = now or timezone.now()
    sessions = _sessions_of_enrolment()
    due = sessions.filter(starts_at__lte=now)
    records = AttendanceRecord.objects.filter(
        enrolment=OuterRef("pk"),
        session__starts_at__lte=now,
    ).filter(Q(session__unit__isnull=True) | Q(session__unit=OuterRef("organisation")))
    attended = records.filter(status__in=ATTENDING)
    excused = records.filter(status=Mark.EXCUSED)
    return enrolments.annotate(
        sessions_total=_total(sessions, Count("pk")),
        sessions_due=_total(due, Count("pk")),
        jp_total=_total(sessions, Sum("lesson_hours")),
        jp_due=_total(due, Sum("lesson_hours")),
        sessions_attended=_total(attended, Count("pk")),
        sessions_excused=_total(excused, Count("pk")),
        jp_attended=_total(attended, Sum("session__lesson_hours")),
        jp_excused=_total(excused, Sum("session__lesson_hours")),
        excused_rule=Value(rule) if rule else excused_rule_of_wave(),
    )


def _rated(qs: QuerySet) -> QuerySet:
    """The rate so far and ``at_risk`` from ``jp_due``, ``jp_attended``, ``jp_excused`` and
    ``excused_rule`` (the programme's rule applied)."""
    return _rate(qs).annotate(at_risk=_below_threshold())


def _rate(qs: QuerySet) -> QuerySet:
    """Each figure is referenced once: Django writes an annotation that refers to another by
    copying its SQL, so a rate written as ``CASE rule WHEN ... THEN jp_attended + jp_excused``
    with a ``CASE WHEN denominator <= 0`` guard repeated every correlated subquery several
    times (14 KB of SQL for one trainee's rates, 20 ms of Django's compiling per call)."""
    excused = F("jp_excused")
    qs = qs.annotate(
        rate_numerator=F("jp_attended")
        + Case(When(excused_rule=ExcusedRule.ATTENDED, then=excused), default=Value(0)),
        rate_denominator=F("jp_due")
        - Case(When(excused_rule=ExcusedRule.EXCLUDED, then=excused), default=Value(0)),
    )
    return qs.annotate(
        # None while nothing counts yet (no JP due, or every JP due excused and excluded)
        rate=Cast(F("rate_numerator"), FloatField())
        * 100.0
        / NullIf(Greatest(Cast(F("rate_denominator"), FloatField()), Value(0.0)), Value(0.0)),
        threshold=F("wave__programme__min_attendance_percent"),
    )


def _below_threshold() -> Case:
    """Below the programme's threshold; never at risk while nothing counts (rate None)."""
    return Case(When(rate__lt=F("threshold"), then=Value(True)), default=Value(False))


def kept_rates(enrolments: QuerySet, *, now: dt.datetime | None = None) -> QuerySet:
    """``with_rates``' rate so far and ``at_risk`` (and ``threshold``) for many enrolments at
    once, read from the kept tallies where they are the figure so far, computed from sessions
    and records as ``with_rates`` does elsewhere: the same answer without eight subqueries per
    enrolment (the national at-risk list).

    Kept where: the wave's schedule tally exists and has no session for one unit; the JP due is
    the wave's total once its last session has begun; the JP attended and excused are the
    enrolment's tally when it exists and every session it counts has begun."""
    now = now or timezone.now()
    sessions = _sessions_of_enrolment()
    due = sessions.filter(starts_at__lte=now)
    records = AttendanceRecord.objects.filter(
        enrolment=OuterRef("pk"),
        session__starts_at__lte=now,
    ).filter(Q(session__unit__isnull=True) | Q(session__unit=OuterRef("organisation")))
    attended = records.filter(status__in=ATTENDING)
    excused = records.filter(status=Mark.EXCUSED)
    one_schedule = Q(wave__schedule_tally__unit_sessions=0)
    all_begun = one_schedule & Q(wave__schedule_tally__last_start__lte=now)
    marks_kept = (
        one_schedule
        & Q(attendance_tally__isnull=False)
        & (
            Q(attendance_tally__marked_until__isnull=True)
            | Q(attendance_tally__marked_until__lte=now)
        )
    )
    qs = enrolments.annotate(
        jp_due=Case(
            When(all_begun, then=F("wave__schedule_tally__lesson_hours")),
            default=_total(due, Sum("lesson_hours")),
            output_field=IntegerField(),
        ),
        jp_attended=Case(
            When(marks_kept, then=F("attendance_tally__jp_attended")),
            default=_total(attended, Sum("session__lesson_hours")),
            output_field=IntegerField(),
        ),
        jp_excused=Case(
            When(marks_kept, then=F("attendance_tally__jp_excused")),
            default=_total(excused, Sum("session__lesson_hours")),
            output_field=IntegerField(),
        ),
        excused_rule=Coalesce(
            F("wave__programme__attendance_settings__excused_rule"),
            Value(DEFAULT_EXCUSED_RULE),
        ),
    )
    # Where everything is kept (most enrolments: waves that have ended), ``at_risk`` compares
    # the kept columns directly; PostgreSQL then skips the general expression, whose inlined
    # copies of each figure cost more than the rest of the query at 400,000 enrolments.
    excused = F("attendance_tally__jp_excused")
    qs = _rate(qs).annotate(
        kept_numerator=F("attendance_tally__jp_attended")
        + Case(When(excused_rule=ExcusedRule.ATTENDED, then=excused), default=Value(0)),
        kept_denominator=F("wave__schedule_tally__lesson_hours")
        - Case(When(excused_rule=ExcusedRule.EXCLUDED, then=excused), default=Value(0)),
    )
    return qs.annotate(
        at_risk=Case(
            When(
                all_begun & marks_kept,
                then=ExpressionWrapper(
                    Q(kept_numerator__lt=F("kept_denominator") * F("threshold") / 100.0),
                    output_field=BooleanField(),
                ),
            ),
            default=_below_threshold(),
            output_field=BooleanField(),
        )
    )


def roster(wave, *, session: Session | None = None) -> QuerySet:
    """A wave's participants (withdrawn ones left out; for a unit's session, that unit's),
    with name, cooperative or unit and province, in name order."""
    qs = programmes.Enrolment.objects.filter(wave=wave).exclude(
        status=programmes.EnrolmentStatus.WITHDRAWN
    )
    if session is not None and session.unit_id:
        qs = qs.filter(organisation_id=session.unit_id)
    return qs.select_related("participant", "organisation__province").order_by(
        "participant__full_name", "pk"
    )


def wave_rates(wave, *, now=None, rule=None) -> QuerySet:
    return with_rates(roster(wave), now=now, rule=rule)


@dataclass
class Totals:
    numerator: int
    denominator: int

    @property
    def rate(self) -> float | None:
        if self.denominator <= 0:
            return None
        return self.numerator * 100.0 / self.denominator


def wave_total(wave, *, now=None, rule=None) -> Totals:
    """The wave's rate: JP attended over JP counted, summed over its participants."""
    row = wave_rates(wave, now=now, rule=rule).aggregate(
        num=Sum("rate_numerator"), den=Sum("rate_denominator")
    )
    return Totals(row["num"] or 0, row["den"] or 0)


def province_rates(enrolments: QuerySet, *, now=None) -> QuerySet:
    """Rates per participants' province (rows: province name, participants, JP)."""
    return (
        with_rates(enrolments, now=now)
        .values("organisation__province__name")
        .annotate(
            participants=Count("pk"),
            numerator=Sum("rate_numerator"),
            denominator=Sum("rate_denominator"),
        )
        .order_by("organisation__province__name")
    )


def sessions_with_counts(sessions: QuerySet) -> QuerySet[Session]:
    """Sessions with their marks counted by status, and the participants expected."""
    marks = {
        f"{status}_count": Count("records", filter=Q(records__status=status))
        for status in Mark.values
    }
    expected = programmes.Enrolment.objects.filter(wave=OuterRef("wave")).exclude(
        status=programmes.EnrolmentStatus.WITHDRAWN
    )
    return sessions.annotate(
        **marks,
        expected_count=Case(
            When(
                unit__isnull=False,
                then=_total(expected.filter(organisation=OuterRef("unit")), Count("pk")),
            ),
            default=_total(expected, Count("pk")),
        ),
    )


def records_by_enrolment(session: Session) -> dict[int, AttendanceRecord]:
    return {r.enrolment_id: r for r in AttendanceRecord.objects.filter(session=session)}


def missed_sessions(enrolments, *, now=None) -> dict[int, list[Session]]:
    """For each enrolment given, the sessions so far it did not attend (two queries)."""
    now = now or timezone.now()
    enrolments = list(enrolments)
    if not enrolments:
        return {}
    wave_ids = {e.wave_id for e in enrolments}
    sessions = list(
        Session.objects.filter(wave_id__in=wave_ids, starts_at__lte=now).order_by("starts_at")
    )
    attended = set(
        AttendanceRecord.objects.filter(
            enrolment__in=[e.pk for e in enrolments], status__in=ATTENDING
        ).values_list("enrolment_id", "session_id")
    )
    result = {}
    for e in enrolments:
        result[e.pk] = [
            s
            for s in sessions
            if s.wave_id == e.wave_id
            and (s.unit_id is None or s.unit_id == e.organisation_id)
            and (e.pk, s.pk) not in attended
        ]
    return result


def agenda(wave) -> QuerySet[Session]:
    return (
        Session.objects.filter(wave=wave)
        .select_related("unit")
        .prefetch_related("facilitators")
        .order_by("starts_at", "pk")
    )


def sessions_for_user(user) -> QuerySet[Session]:
    """The sessions in a user's own calendar: a facilitator's waves', a trainee's (active
    enrolments, their unit's sessions)."""
    visible = sessions_visible_to(user)
    if getattr(user, "role", "") == "trainee":
        own = programmes.Enrolment.objects.filter(wave=OuterRef("wave"), participant=user).exclude(
            status=programmes.EnrolmentStatus.WITHDRAWN
        )
        visible = visible.filter(Exists(own)).filter(
            Q(unit__isnull=True)
            | Q(
                Exists(
                    programmes.Enrolment.objects.filter(
                        wave=OuterRef("wave"), participant=user, organisation=OuterRef("unit")
                    )
                )
            )
        )
    return visible.select_related("wave__programme").order_by("starts_at", "pk")
