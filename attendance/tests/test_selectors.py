import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attendance import selectors, services
from attendance.constants import ExcusedRule
from attendance.factories import SessionFactory, bulk_roster
from attendance.services import MarkInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_sessions(world):
    """Four past sessions of 2, 2, 4 and 2 JP and one future one; the Jawa Barat trainee was
    present (2), late (2), excused (4), absent (2)."""
    w = world
    w.session.delete()
    now = timezone.now()
    sessions = [
        SessionFactory(wave=w.wave, starts_at=now - dt.timedelta(days=d), lesson_hours=jp)
        for d, jp in ((4, 2), (3, 2), (2, 4), (1, 2))
    ]
    SessionFactory(wave=w.wave, starts_at=now + dt.timedelta(days=1), lesson_hours=6)
    for session, status in zip(sessions, ["present", "late", "excused", "absent"], strict=True):
        services.roll_call_save(
            actor=w.facilitator, session=session, marks={w.e_jabar.pk: MarkInput(status)}
        )
    return w


@pytest.mark.parametrize(
    ("rule", "numerator", "denominator", "at_risk"),
    [
        (ExcusedRule.ATTENDED, 8, 10, False),  # 80 %: at the threshold, not below
        (ExcusedRule.EXCLUDED, 4, 6, True),  # 66.7 %
        (ExcusedRule.ABSENT, 4, 10, True),  # 40 %
    ],
)
def test_rate_arithmetic_in_each_excused_rule(four_sessions, rule, numerator, denominator, at_risk):
    w = four_sessions
    services.settings_update(actor=w.admin, programme=w.wave.programme, excused_rule=rule)
    row = selectors.wave_rates(w.wave).get(pk=w.e_jabar.pk)
    assert (row.sessions_total, row.sessions_due, row.jp_total, row.jp_due) == (5, 4, 16, 10)
    assert (row.sessions_attended, row.jp_attended, row.jp_excused) == (2, 4, 4)
    assert (row.rate_numerator, row.rate_denominator) == (numerator, denominator)
    assert row.rate == pytest.approx(numerator * 100 / denominator)
    assert row.at_risk is at_risk
    # Nobody marked the other trainee: every hour so far missed.
    other = selectors.wave_rates(w.wave).get(pk=w.e_local.pk)
    assert other.rate == 0 and other.at_risk


def test_no_rate_and_no_risk_while_nothing_counts(four_sessions):
    """Before the first session, and when every hour so far was excused under the "excluded"
    rule, the denominator is 0: no rate (not 0 %, not a division error) and not at risk."""
    w = four_sessions
    before = selectors.wave_rates(w.wave, now=timezone.now() - dt.timedelta(days=10))
    assert {(r.rate, r.at_risk) for r in before} == {(None, False)}
    services.settings_update(
        actor=w.admin, programme=w.wave.programme, excused_rule=ExcusedRule.EXCLUDED
    )
    after_the_excused_one = timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=1)
    # Only the first three sessions have begun; make the first two excused as well.
    for session in w.wave.sessions.order_by("starts_at")[:2]:
        services.roll_call_save(
            actor=w.facilitator, session=session, marks={w.e_jabar.pk: MarkInput("excused")}
        )
    row = selectors.wave_rates(w.wave, now=after_the_excused_one).get(pk=w.e_jabar.pk)
    assert (row.jp_due, row.jp_excused, row.rate_denominator) == (8, 8, 0)
    assert row.rate is None and row.at_risk is False


def test_missed_sessions_of_at_risk_participants(four_sessions):
    w = four_sessions
    at_risk = [e for e in selectors.wave_rates(w.wave) if e.at_risk]
    missed = selectors.missed_sessions(at_risk)
    assert len(missed[w.e_jabar.pk]) == 2  # excused and absent
    assert len(missed[w.e_local.pk]) == 4


def test_wave_and_province_totals_sum_the_participants(four_sessions):
    w = four_sessions
    total = selectors.wave_total(w.wave)
    assert (total.numerator, total.denominator) == (4, 6 + 10)
    by_province = {
        row["organisation__province__name"]: (row["numerator"], row["denominator"])
        for row in selectors.province_rates(selectors.roster(w.wave))
    }
    assert by_province == {"Jawa Barat": (4, 6), "Sulawesi Tengah": (0, 10)}


def test_session_counts(four_sessions):
    w = four_sessions
    rows = selectors.sessions_with_counts(selectors.agenda(w.wave))
    first = rows[0]
    assert (first.present_count, first.absent_count, first.expected_count) == (1, 0, 2)


def _save_all(w, enrolments):
    marks = {e.pk: MarkInput("present") for e in enrolments}
    marks[enrolments[0].pk] = MarkInput("absent", "sakit")
    with CaptureQueriesContext(connection) as ctx:
        services.roll_call_save(actor=w.facilitator, session=w.session, marks=marks)
    return len(ctx.captured_queries)


def test_saving_38_marks_takes_at_most_10_queries(world):
    assert _save_all(world, bulk_roster(world.wave, 38)) <= 10


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite caps the parameters of one statement, so Django splits 1,000 inserts; "
    "run on PostgreSQL (DATABASE_URL) for the flat count",
)
def test_saving_1000_marks_takes_as_many_queries_as_38(world):
    from programmes.factories import WaveFactory

    w = world
    small = _save_all(w, bulk_roster(w.wave, 38))
    big_wave = WaveFactory(host_site=w.wave.host_site)
    from programmes import services as programme_services

    programme_services.facilitator_assign(
        actor=w.admin, wave=big_wave, facilitator=w.facilitator, role="fasilitator"
    )
    w.session = SessionFactory(wave=big_wave)
    assert _save_all(w, bulk_roster(big_wave, 1000)) == small


def test_rates_take_the_same_queries_at_38_and_1000(world):
    from programmes.factories import WaveFactory

    w = world
    bulk_roster(w.wave, 38)
    big = WaveFactory()
    bulk_roster(big, 1000)
    SessionFactory(wave=big)
    counts = []
    for wave in (w.wave, big):
        with CaptureQueriesContext(connection) as ctx:
            rows = list(selectors.wave_rates(wave))
            selectors.missed_sessions([r for r in rows if r.at_risk])
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 3
