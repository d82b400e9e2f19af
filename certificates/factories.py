"""Test data for certificates, built through the real services."""

from __future__ import annotations

from accounts.factories import AdminFactory, TraineeFactory
from programmes.factories import ProgrammeFactory, WaveFactory, enrol

from . import services


def open_programme(**kwargs):
    """A programme whose rule needs no attendance and no assignments: everyone enrolled is
    eligible (the rule's arithmetic is tested on its own in test_eligibility)."""
    kwargs.setdefault("min_attendance_percent", 0)
    kwargs.setdefault("require_assignments_passed", False)
    kwargs.setdefault("lesson_hours", 40)
    return ProgrammeFactory(**kwargs)


def wave_with_participants(n: int, *, programme=None, admin=None, organisation=None, **wave_kw):
    admin = admin or AdminFactory()
    wave = WaveFactory(programme=programme or open_programme(), **wave_kw)
    extra = {"organisation": organisation} if organisation is not None else {}
    enrolments = [enrol(wave, TraineeFactory(**extra), actor=admin) for _ in range(n)]
    return wave, enrolments


def issue(enrolment, actor=None):
    return services.issue(actor=actor or AdminFactory(), enrolment=enrolment)
