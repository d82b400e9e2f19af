"""The assessment tally the services keep is what the assignments, hand-ins, grades and logbook
add up to, whichever service wrote them, and the at-risk flags read from it are the flags
computed from the rows: at any moment, for team answers, and after a participant moves to
another cooperative."""

import datetime as dt

import pytest
from django.utils import timezone

from assessments import services, tallies
from assessments.constants import Mode
from assessments.models import AssessmentTally, Submission
from assessments.selectors import at_risk_flags
from programmes import services as programme_services
from programmes.models import Enrolment

pytestmark = pytest.mark.django_db


def _kept():
    return {
        t.pk: (t.organisation_id, t.overdue_from, t.failed, t.logbook_pending)
        for t in AssessmentTally.objects.all()
    }


def assert_tally_is_the_rows_added_up():
    kept = _kept()
    assert kept
    AssessmentTally.objects.all().delete()
    tallies.enrolments_changed(kept)
    assert _kept() == kept


def _flags(wave, now):
    rows = at_risk_flags(Enrolment.objects.filter(wave=wave), now=now)
    return {e.pk: (bool(e.overdue), bool(e.failed), bool(e.logbook_unsigned)) for e in rows}


def assert_kept_flags_are_the_computed_flags(wave, moments):
    kept = [_flags(wave, now) for now in moments]
    saved = list(AssessmentTally.objects.all())
    AssessmentTally.objects.all().delete()
    assert [_flags(wave, now) for now in moments] == kept
    AssessmentTally.objects.bulk_create(saved)
    return kept


def test_every_assessment_service_keeps_the_tally_and_the_flags_exact(world):
    w = world
    now = timezone.now()
    report = services.assignment_create(
        actor=w.admin, wave=w.wave, title="Laporan kas", due_at=now - dt.timedelta(days=2)
    )
    profile = services.assignment_create(
        actor=w.admin,
        wave=w.wave,
        title="Profil koperasi",
        due_at=now - dt.timedelta(days=1),
        mode=Mode.TEAM,
    )
    e = {p: Enrolment.objects.get(wave=w.wave, participant=p) for p in (w.a1, w.a2, w.b1)}
    assert AssessmentTally.objects.get(pk=e[w.a1].pk).overdue_from == report.due_at
    # Hand-ins (own, on someone's behalf, a team's), grades (one below the pass mark) and a
    # return for revision.
    services.submit(actor=w.a1, assignment=report, text="Laporan kas bulan ini.")
    services.submit_on_behalf(
        actor=w.facilitator, assignment=report, participant=w.a2, text="Foto laporan."
    )
    services.submit(actor=w.b1, assignment=report, text="Laporan kas.")
    services.submit(actor=w.a2, assignment=profile, text="Profil koperasi A.")
    mine = Submission.objects.get(assignment=report, participant=w.a1)
    services.grade_save(actor=w.facilitator, submission=mine, score=40, release=True)
    services.grade_save(
        actor=w.facilitator,
        submission=Submission.objects.get(assignment=report, participant=w.a2),
        score=80,
    )
    services.return_for_revision(
        actor=w.facilitator,
        submission=Submission.objects.get(assignment=report, participant=w.b1),
        feedback="Lengkapi saldo akhir.",
    )
    tally = AssessmentTally.objects.get(pk=e[w.a1].pk)
    assert tally.failed == 1 and tally.overdue_from is not None  # the world's own, ahead
    # The logbook: a day recorded, another recorded and signed off.
    first = services.logbook_record(
        actor=w.a1,
        enrolment=e[w.a1],
        day=now.date(),
        activity="Pembukuan harian",
        place="Kantor koperasi",
        hours=4,
    )
    services.logbook_record(
        actor=w.a1,
        enrolment=e[w.a1],
        day=now.date() - dt.timedelta(days=1),
        activity="Stok opname",
        place="Gudang",
        hours=3,
    )
    assert AssessmentTally.objects.get(pk=e[w.a1].pk).logbook_pending == 2
    services.logbook_review(actor=w.mentor, entry=first, verify=True)
    # A due date moved, an assignment no longer required.
    services.assignment_update(actor=w.admin, assignment=report, due_at=now - dt.timedelta(hours=3))
    services.assignment_update(actor=w.admin, assignment=w.team, required_for_certificate=False)
    assert_tally_is_the_rows_added_up()

    moments = [now, now + dt.timedelta(days=30), now - dt.timedelta(days=30)]
    flags = assert_kept_flags_are_the_computed_flags(w.wave, moments)
    assert flags[0][e[w.a1].pk] == (False, True, True)
    assert flags[0][e[w.b1].pk][0]  # returned, so not handed in: overdue
    # b1 moves to cooperative A, whose team answer now counts for them: the tally kept for B
    # is not used (computed instead), and the flags stay right.
    programme_services.enrolment_change(actor=w.admin, enrolment=e[w.b1], organisation=w.coop_a)
    assert_kept_flags_are_the_computed_flags(w.wave, moments)
