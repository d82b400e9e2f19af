"""The attendance tallies (``AttendanceTally`` per enrolment, ``ScheduleTally`` per wave)
recomputed for what a service just changed, in its transaction (``lms.tallies``: hold the rows,
then recompute them from the records in one UPDATE). Two queries whatever the number of people,
so a roll call of 1,000 costs what one of 38 does."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, DateTimeField, F, OuterRef, Q, Subquery, Sum

from lms import tallies

from .constants import ATTENDING, Mark
from .models import AttendanceRecord, AttendanceTally, ScheduleTally, Session
from .selectors import _total


def _latest(queryset, field: str) -> Subquery:
    return Subquery(
        queryset.order_by().values(field).order_by(f"-{field}")[:1],
        output_field=DateTimeField(),
    )


def enrolments_changed(enrolment_ids: Iterable[int]) -> None:
    """Recompute the attendance tallies of these enrolments from their records."""
    records = AttendanceRecord.objects.filter(enrolment=OuterRef("pk")).filter(
        Q(session__unit__isnull=True) | Q(session__unit=F("enrolment__organisation"))
    )
    attended = records.filter(status__in=ATTENDING)
    excused = records.filter(status=Mark.EXCUSED)
    counted = records.filter(status__in=(*ATTENDING, Mark.EXCUSED))
    for chunk in tallies.hold(AttendanceTally, enrolment_ids):
        AttendanceTally.objects.filter(pk__in=chunk).update(
            sessions_attended=_total(attended, Count("pk")),
            sessions_excused=_total(excused, Count("pk")),
            jp_attended=_total(attended, Sum("session__lesson_hours")),
            jp_excused=_total(excused, Sum("session__lesson_hours")),
            marked_until=_latest(counted, "session__starts_at"),
        )


def session_changed(session) -> None:
    """A session's JP, start or unit changed: its wave's schedule and everyone marked in it."""
    waves_changed([session.wave_id])
    enrolments_changed(
        AttendanceRecord.objects.filter(session=session).values_list("enrolment_id", flat=True)
    )


def waves_changed(wave_ids: Iterable[int]) -> None:
    """Recompute the schedule tallies of these waves from their sessions."""
    sessions = Session.objects.filter(wave=OuterRef("pk"))
    for chunk in tallies.hold(ScheduleTally, wave_ids):
        ScheduleTally.objects.filter(pk__in=chunk).update(
            sessions=_total(sessions, Count("pk")),
            lesson_hours=_total(sessions, Sum("lesson_hours")),
            last_start=_latest(sessions, "starts_at"),
            unit_sessions=_total(sessions.filter(unit__isnull=False), Count("pk")),
        )
