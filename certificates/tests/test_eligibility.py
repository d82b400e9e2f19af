"""The completion rule's arithmetic at its boundaries, and its reasons in words."""

from decimal import Decimal

import pytest

from certificates.constants import AttendanceBasis
from certificates.eligibility import (
    NOT_AVAILABLE,
    Attendance,
    Figures,
    Item,
    Rule,
    evaluate,
)

ALL_PASSED = (Item("Rencana bisnis", True),)


def figures(**kw):
    kw.setdefault("sessions", Attendance(8, 10))
    kw.setdefault("lesson_hours", Attendance(32, 40))
    kw.setdefault("assignments", ALL_PASSED)
    kw.setdefault("logbook_hours", Decimal("0"))
    kw.setdefault("courses", ())
    return Figures(**kw)


@pytest.mark.parametrize(
    ("attended", "total", "eligible"),
    [(8, 10, True), (10, 10, True), (79, 100, False), (80, 100, True), (7, 10, False)],
)
def test_attendance_by_sessions_at_the_boundary(attended, total, eligible):
    result = evaluate(
        Rule(min_attendance_percent=80), figures(sessions=Attendance(attended, total))
    )
    assert result.eligible is eligible


def test_just_below_the_minimum_never_reads_as_the_minimum():
    # 79.99 % must say 79 %, not a rounded 80 % beside "not earned".
    result = evaluate(Rule(min_attendance_percent=80), figures(sessions=Attendance(7999, 10000)))
    assert not result.eligible
    assert result.reasons == ("kehadiran 79 % dari 80 %",)


def test_reason_in_indonesian_for_72_percent():
    result = evaluate(Rule(min_attendance_percent=80), figures(sessions=Attendance(18, 25)))
    assert result.reasons == ("kehadiran 72 % dari 80 %",)


def test_basis_jp_uses_lesson_hours_not_sessions():
    rule = Rule(min_attendance_percent=80, attendance_basis=AttendanceBasis.JP)
    # 9 of 10 sessions, but the missed one was a six-JP workshop: 30 of 36 JP = 83 %.
    ok = figures(sessions=Attendance(9, 10), lesson_hours=Attendance(30, 36))
    assert evaluate(rule, ok).eligible
    short = figures(sessions=Attendance(9, 10), lesson_hours=Attendance(28, 36))
    assert evaluate(rule, short).reasons == ("kehadiran 77 % dari 80 %",)
    # and by sessions the same person passes
    assert evaluate(Rule(min_attendance_percent=80), short).eligible


def test_decimal_jp_exact_boundary():
    rule = Rule(min_attendance_percent=80, attendance_basis=AttendanceBasis.JP)
    assert evaluate(rule, figures(lesson_hours=Attendance(Decimal("28.8"), Decimal("36")))).eligible
    assert not evaluate(
        rule, figures(lesson_hours=Attendance(Decimal("28.7"), Decimal("36")))
    ).eligible


def test_no_sessions_recorded_is_not_eligible_unless_no_minimum():
    assert evaluate(Rule(), figures(sessions=Attendance(0, 0))).reasons == (
        "belum ada sesi yang tercatat",
    )
    assert evaluate(Rule(min_attendance_percent=0), figures(sessions=Attendance(0, 0))).eligible


def test_every_required_assignment_named_when_not_passed():
    items = (Item("Rencana bisnis", False), Item("Laporan magang", True), Item("Kuis", False))
    result = evaluate(Rule(), figures(assignments=items))
    assert result.reasons == ("Rencana bisnis belum lulus", "Kuis belum lulus")


def test_assignments_ignored_when_the_programme_does_not_require_them():
    items = (Item("Rencana bisnis", False),)
    assert evaluate(Rule(require_assignments_passed=False), figures(assignments=items)).eligible


@pytest.mark.parametrize(("hours", "eligible"), [("39.9", False), ("40", True), ("41.5", True)])
def test_verified_logbook_hours_boundary(hours, eligible):
    rule = Rule(min_logbook_hours=Decimal("40"))
    result = evaluate(rule, figures(logbook_hours=Decimal(hours)))
    assert result.eligible is eligible
    if not eligible:
        assert result.reasons == ("logbook terverifikasi 39,9 jam dari 40 jam",)


def test_courses_must_be_completed_when_required():
    rule = Rule(require_courses_completed=True)
    items = (Item("Tata kelola koperasi", True), Item("Akuntansi dasar", False))
    assert evaluate(rule, figures(courses=items)).reasons == (
        "kursus Akuntansi dasar belum selesai",
    )
    assert evaluate(Rule(), figures(courses=items)).eligible


def test_missing_sources_never_make_anyone_eligible():
    nothing = Figures()
    result = evaluate(
        Rule(min_logbook_hours=Decimal("10"), require_courses_completed=True), nothing
    )
    assert not result.eligible
    assert result.reasons == (
        "data kehadiran belum tersedia",
        "data tugas belum tersedia",
        "data logbook belum tersedia",
        "data kursus belum tersedia",
    )
    assert not NOT_AVAILABLE
    # A rule that asks for nothing is met even with nothing known.
    assert evaluate(Rule(min_attendance_percent=0, require_assignments_passed=False), nothing)


def test_all_reasons_together():
    result = evaluate(
        Rule(min_logbook_hours=Decimal("40")),
        figures(
            sessions=Attendance(18, 25),
            assignments=(Item("Rencana bisnis", False),),
            logbook_hours=Decimal("12"),
        ),
    )
    assert result.reasons == (
        "kehadiran 72 % dari 80 %",
        "Rencana bisnis belum lulus",
        "logbook terverifikasi 12 jam dari 40 jam",
    )
