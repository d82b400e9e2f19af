"""The completion rule as arithmetic: given one participant's figures and the programme's rule,
is the certificate earned, and if not, why not (in words the trainee, facilitators and staff all
see). Pure: no database, no request; ``sources`` gathers the figures.

A figure another app cannot provide yet is ``NOT_AVAILABLE``: a rule that needs it is then not
met (with the reason "belum tersedia"), so missing data never makes anyone eligible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from .constants import AttendanceBasis


class _NotAvailable:
    """A figure its source cannot give (yet). Falsy, and never equal to a number."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self):
        return False

    def __repr__(self):
        return "NOT_AVAILABLE"


NOT_AVAILABLE = _NotAvailable()


@dataclass(frozen=True)
class Rule:
    min_attendance_percent: int = 80
    attendance_basis: str = AttendanceBasis.SESSIONS
    require_assignments_passed: bool = True
    min_logbook_hours: Decimal | None = None
    require_courses_completed: bool = False


@dataclass(frozen=True)
class Attendance:
    """Attended and planned units on one basis: sessions (counts) or JP (lesson hours). The
    source has already applied the programme's excused-absence setting to ``attended``."""

    attended: Decimal | int
    total: Decimal | int


@dataclass(frozen=True)
class Item:
    """A required assignment or a course: its title and whether it is passed / completed."""

    title: str
    done: bool


@dataclass(frozen=True)
class Figures:
    sessions: Attendance | _NotAvailable = NOT_AVAILABLE
    lesson_hours: Attendance | _NotAvailable = NOT_AVAILABLE
    assignments: tuple[Item, ...] | _NotAvailable = NOT_AVAILABLE
    logbook_hours: Decimal | _NotAvailable = NOT_AVAILABLE
    courses: tuple[Item, ...] | _NotAvailable = NOT_AVAILABLE


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...] = field(default_factory=tuple)
    attendance_percent: Fraction | None = None

    def __bool__(self):
        return self.eligible


def _percent_text(value: Fraction) -> str:
    """A percentage for people, rounded DOWN so a figure just below the minimum never reads as
    the minimum (79.9 % shows as 79 %, not 80 %)."""
    return str(int(value))


def _hours_text(value) -> str:
    value = Decimal(value).normalize()
    text = f"{value:f}"
    return text.replace(".", ",")


def evaluate(rule: Rule, figures: Figures) -> Eligibility:
    reasons: list[str] = []
    percent = None

    if rule.min_attendance_percent > 0:
        attendance = (
            figures.lesson_hours
            if rule.attendance_basis == AttendanceBasis.JP
            else figures.sessions
        )
        if attendance is NOT_AVAILABLE:
            reasons.append(_("data kehadiran belum tersedia"))
        elif not attendance.total:
            reasons.append(_("belum ada sesi yang tercatat"))
        else:
            percent = (
                Fraction(Decimal(attendance.attended)) * 100 / Fraction(Decimal(attendance.total))
            )
            if percent < rule.min_attendance_percent:
                reasons.append(
                    _("kehadiran %(actual)s %% dari %(required)s %%")
                    % {"actual": _percent_text(percent), "required": rule.min_attendance_percent}
                )

    if rule.require_assignments_passed:
        if figures.assignments is NOT_AVAILABLE:
            reasons.append(_("data tugas belum tersedia"))
        else:
            for item in figures.assignments:
                if not item.done:
                    reasons.append(_("%(title)s belum lulus") % {"title": item.title})

    if rule.min_logbook_hours is not None and rule.min_logbook_hours > 0:
        if figures.logbook_hours is NOT_AVAILABLE:
            reasons.append(_("data logbook belum tersedia"))
        elif Decimal(figures.logbook_hours) < Decimal(rule.min_logbook_hours):
            reasons.append(
                _("logbook terverifikasi %(actual)s jam dari %(required)s jam")
                % {
                    "actual": _hours_text(figures.logbook_hours),
                    "required": _hours_text(rule.min_logbook_hours),
                }
            )

    if rule.require_courses_completed:
        if figures.courses is NOT_AVAILABLE:
            reasons.append(_("data kursus belum tersedia"))
        else:
            for item in figures.courses:
                if not item.done:
                    reasons.append(_("kursus %(title)s belum selesai") % {"title": item.title})

    return Eligibility(eligible=not reasons, reasons=tuple(reasons), attendance_percent=percent)


def rule_for(programme, certificate_settings=None) -> Rule:
    """The programme's rule: its own minimum attendance and assignments switch, completed by the
    certificate settings (basis, logbook hours, courses) when it has them."""
    s = certificate_settings
    return Rule(
        min_attendance_percent=programme.min_attendance_percent,
        attendance_basis=s.attendance_basis if s else AttendanceBasis.SESSIONS,
        require_assignments_passed=programme.require_assignments_passed,
        min_logbook_hours=s.min_logbook_hours if s else None,
        require_courses_completed=s.require_courses_completed if s else False,
    )
