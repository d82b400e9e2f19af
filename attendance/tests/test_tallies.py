"""The attendance tallies the services keep are what the records add up to, whichever service
wrote them, and the rates read from them (``kept_rates``) are the rates computed from the
records (``with_rates``), before and after the last session begins, with a one-unit session,
and after the programme's excused-absence rule changes."""

import datetime as dt

import pytest
from django.utils import timezone

from attendance import services, tallies
from attendance.constants import ExcusedRule, SessionKind
from attendance.models import AttendanceTally, ScheduleTally
from attendance.selectors import kept_rates, with_rates
from attendance.services import MarkInput, OfflineInput
from programmes import services as programme_services
from programmes.models import Enrolment

pytestmark = pytest.mark.django_db


def _session(w, *, days: float, jp: int, unit=None):
    start = timezone.now() + dt.timedelta(days=days)
    return services.session_create(
        actor=w.admin,
        wave=w.wave,
        kind=SessionKind.LECTURE,
        title=f"Sesi {days}",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        lesson_hours=jp,
        unit=unit,
    )


def _kept():
    attendance = {
        t.pk: (
            t.sessions_attended,
            t.sessions_excused,
            t.jp_attended,
            t.jp_excused,
            t.marked_until,
        )
        for t in AttendanceTally.objects.all()
    }
    schedule = {
        t.pk: (t.sessions, t.lesson_hours, t.last_start, t.unit_sessions)
        for t in ScheduleTally.objects.all()
    }
    return attendance, schedule


def assert_tallies_are_the_records_added_up():
    kept = _kept()
    assert kept[0] and kept[1]
    AttendanceTally.objects.all().delete()
    ScheduleTally.objects.all().delete()
    tallies.enrolments_changed(kept[0])
    tallies.waves_changed(kept[1])
    assert _kept() == kept


def _rates(rows):
    return {e.pk: (e.rate_numerator, e.rate_denominator, e.threshold, e.at_risk) for e in rows}


def assert_kept_rates_are_the_computed_rates(wave, now):
    enrolments = Enrolment.objects.filter(wave=wave)
    assert _rates(kept_rates(enrolments, now=now)) == _rates(with_rates(enrolments, now=now))


def test_every_attendance_service_keeps_the_tallies_exact(world):
    w = world
    first = _session(w, days=-3, jp=2)
    second = _session(w, days=-2, jp=3)
    later = _session(w, days=2, jp=4)
    services.roll_call_save(
        actor=w.facilitator,
        session=first,
        marks={w.e_local.pk: MarkInput("present"), w.e_jabar.pk: MarkInput("excused")},
    )
    services.roll_call_save(
        actor=w.facilitator,
        session=second,
        marks={w.e_local.pk: MarkInput("late"), w.e_jabar.pk: MarkInput("absent")},
    )
    assert AttendanceTally.objects.get(pk=w.e_local.pk).jp_attended == 5
    # A changed mark, a mark made offline, a check-in: each keeps the tallies.
    services.roll_call_save(
        actor=w.facilitator, session=first, marks={w.e_jabar.pk: MarkInput("present")}
    )
    services.offline_sync(
        actor=w.facilitator,
        session=second,
        marks=[OfflineInput("device-1", w.e_jabar.pk, "late", base_version=1)],
    )
    services.check_in(user=w.local, session=w.session)
    assert_tallies_are_the_records_added_up()
    # A session's JP changed after the marks: everyone marked in it is recounted.
    services.session_update(actor=w.admin, session=second, lesson_hours=5)
    assert AttendanceTally.objects.get(pk=w.e_local.pk).jp_attended == 2 + 5 + 2
    # A mark for a session still ahead (an early check-in) is counted, and dated.
    services.check_in(user=w.jabar, session=later)
    assert AttendanceTally.objects.get(pk=w.e_jabar.pk).marked_until == later.starts_at
    assert_tallies_are_the_records_added_up()
    schedule = ScheduleTally.objects.get(pk=w.wave.pk)
    assert (schedule.sessions, schedule.last_start) == (4, later.starts_at)  # and the world's


def test_rates_read_from_the_tallies_are_the_rates_computed_from_the_records(world):
    w = world
    first = _session(w, days=-3, jp=2)
    second = _session(w, days=-2, jp=3)
    later = _session(w, days=2, jp=4)
    services.roll_call_save(
        actor=w.facilitator,
        session=first,
        marks={w.e_local.pk: MarkInput("present"), w.e_jabar.pk: MarkInput("excused")},
    )
    services.roll_call_save(
        actor=w.facilitator, session=second, marks={w.e_local.pk: MarkInput("absent")}
    )
    services.check_in(user=w.jabar, session=later)
    moments = [
        timezone.now(),  # the wave under way: JP due from the sessions begun
        later.starts_at + dt.timedelta(hours=1),  # every session begun: JP due kept
        first.starts_at - dt.timedelta(days=1),  # before the first: no rate
    ]
    for now in moments:
        assert_kept_rates_are_the_computed_rates(w.wave, now)
    # The rule is read when asked: a change applies at once.
    services.settings_update(
        actor=w.admin, programme=w.wave.programme, excused_rule=ExcusedRule.ATTENDED
    )
    for now in moments:
        assert_kept_rates_are_the_computed_rates(w.wave, now)
    # A session for one unit, and a participant moved to another cooperative.
    _session(w, days=-1, jp=2, unit=w.e_local.organisation)
    programme_services.enrolment_change(
        actor=w.admin, enrolment=w.e_jabar, organisation=w.e_local.organisation
    )
    for now in moments:
        assert_kept_rates_are_the_computed_rates(w.wave, now)
    # Without any tally (rows written outside the services): computed, the same figures.
    AttendanceTally.objects.all().delete()
    ScheduleTally.objects.all().delete()
    for now in moments:
        assert_kept_rates_are_the_computed_rates(w.wave, now)
