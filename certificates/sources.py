"""Gathers the figures the completion rule needs (``eligibility``) for the participants of a
wave, from the apps that own them, each through its ``api.py``, in a fixed number of queries
whatever the number of participants.

- attendance (``attendance.api.attendance_figures``): sessions and lesson hours (JP) planned,
  attended and excused, per enrolment, with the programme's excused-absence rule;
- assessments (``assessments.api.required_assignment_results``, ``verified_logbook_hours``):
  each required assignment passed or not, verified logbook hours;
- courses (``courses.api.wave_course_completion``): each curriculum course completed or not.

Courses have no such function yet (``courses.api.wave_course_completion``): until they do, a
programme that requires its courses completed gets ``NOT_AVAILABLE``, which never satisfies a
rule that needs it: nobody becomes eligible by mistake.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from assessments import api as assessments
from attendance import api as attendance
from courses import api as courses
from programmes import api as programmes

from . import eligibility as rules
from .eligibility import NOT_AVAILABLE, Attendance, Figures, Item
from .models import CertificateSettings

EXCUSED_ATTENDED, EXCUSED_EXCLUDED = "attended", "excluded"
EVERY_SESSION = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)


def _attendance(row) -> tuple[Attendance, Attendance]:
    """Sessions and JP attended over planned, under the row's excused-absence rule."""

    def one(attended, excused, total):
        attended, excused, total = attended or 0, excused or 0, total or 0
        if row.excused_rule == EXCUSED_ATTENDED:
            return Attendance(attended + excused, total)
        if row.excused_rule == EXCUSED_EXCLUDED:
            return Attendance(attended, total - excused)
        return Attendance(attended, total)

    return (
        one(row.sessions_attended, row.sessions_excused, row.sessions_total),
        one(row.jp_attended, row.jp_excused, row.jp_total),
    )


def _attendance_by_enrolment(enrolments) -> dict:
    # Every session of the wave counts, not only those begun: a certificate is for the whole.
    # The counts only: the rule is applied here, to sessions and to JP alike.
    rows = attendance.attendance_figures(enrolments.order_by(), now=EVERY_SESSION)
    return {row.pk: _attendance(row) for row in rows}


def _assignments_by_enrolment(wave, enrolment_ids) -> dict:
    # {enrolment_id: [(title, passed), ...]}
    results = assessments.required_assignment_results(wave=wave, enrolment_ids=enrolment_ids)
    return {
        key: tuple(Item(title, bool(passed)) for title, passed in items)
        for key, items in results.items()
    }


def _logbook_by_enrolment(wave, enrolment_ids) -> dict:
    hours = assessments.verified_logbook_hours(wave=wave, enrolment_ids=enrolment_ids)
    return {k: Decimal(v or 0) for k, v in hours.items()}


def _courses_by_enrolment(wave, enrolment_ids) -> dict | None:
    # courses.api has no per-wave completion yet: NOT_AVAILABLE until it does.
    fn = getattr(courses, "wave_course_completion", None)
    if fn is None:
        return None
    return {
        key: tuple(Item(title, bool(done)) for title, done in items)
        for key, items in fn(wave=wave, enrolment_ids=enrolment_ids).items()
    }


def settings_of(programme) -> CertificateSettings | None:
    return CertificateSettings.objects.filter(programme=programme).first()


def wave_figures(wave, enrolments=None) -> dict[int, Figures]:
    """Figures per enrolment id for ``enrolments`` (default: the wave's enrolments that hold a
    seat)."""
    if enrolments is None:
        enrolments = programmes.Enrolment.objects.filter(
            wave=wave, status__in=programmes.SEAT_STATUSES
        )
    ids = list(enrolments.values_list("pk", flat=True))
    if not ids:
        return {}
    enrolments = programmes.Enrolment.objects.filter(pk__in=ids)
    att = _attendance_by_enrolment(enrolments)
    assignments = _assignments_by_enrolment(wave, ids)
    logbook = _logbook_by_enrolment(wave, ids)
    course_items = _courses_by_enrolment(wave, ids)
    figures = {}
    for pk in ids:
        sessions, hours = att.get(pk, (NOT_AVAILABLE, NOT_AVAILABLE))
        figures[pk] = Figures(
            sessions=sessions,
            lesson_hours=hours,
            assignments=assignments.get(pk, ()),
            logbook_hours=logbook.get(pk, Decimal(0)),
            courses=NOT_AVAILABLE if course_items is None else course_items.get(pk, ()),
        )
    return figures


def wave_eligibility(wave, enrolments=None) -> dict[int, rules.Eligibility]:
    """The completion rule's answer per enrolment id of ``wave``."""
    rule = rules.rule_for(wave.programme, settings_of(wave.programme))
    return {pk: rules.evaluate(rule, figs) for pk, figs in wave_figures(wave, enrolments).items()}


def enrolment_eligibility(enrolment) -> rules.Eligibility:
    """The same answer for one participant (the trainee home, the issue-one action)."""
    one = programmes.Enrolment.objects.filter(pk=enrolment.pk)
    return wave_eligibility(enrolment.wave, one)[enrolment.pk]
