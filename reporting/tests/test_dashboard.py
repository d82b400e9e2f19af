"""The programme dashboard: its figures equal a recomputation from the raw rows, regional staff
see and count only their region, and the page costs the same number of queries at any size."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.factories import AdminFactory, FacilitatorFactory, StaffFactory, TraineeFactory
from assessments.models import LogbookEntry, Submission
from attendance.models import AttendanceRecord, Session
from certificates.models import Certificate
from certificates.sources import wave_eligibility
from organisations.factories import province
from programmes.models import Enrolment
from reporting import selectors

from .builders import two_region_programme

pytestmark = pytest.mark.django_db


def recompute(wave, provinces=None, now=None):
    """The wave's figures from the raw rows, in Python, without the app's queries."""
    now = now or timezone.now()
    enrolments = [
        e
        for e in Enrolment.objects.filter(wave=wave).select_related("organisation")
        if provinces is None or e.organisation.province.code in provinces
    ]
    ids = {e.pk for e in enrolments}
    people = {e.participant_id: e for e in enrolments}
    seats = [e for e in enrolments if e.status != "withdrawn"]
    sessions = {s.pk: s for s in Session.objects.filter(wave=wave, starts_at__lte=now)}
    num = den = 0
    marks = {}
    for r in AttendanceRecord.objects.filter(enrolment_id__in=ids, session_id__in=sessions):
        marks[(r.enrolment_id, r.session_id)] = r.status
    for e in seats:
        for s in sessions.values():
            status = marks.get((e.pk, s.pk))
            if status in ("present", "late"):
                num += s.lesson_hours
            if status != "excused":  # the default rule: excused hours leave the denominator
                den += s.lesson_hours
    subs = [
        s
        for s in Submission.objects.filter(assignment__wave=wave).select_related(
            "assignment", "grade"
        )
        if s.participant_id in people
    ]
    handed = [s for s in subs if s.status in ("submitted", "graded")]
    waiting = [s for s in subs if s.status == "submitted"]
    passed = [
        s
        for s in subs
        if s.status == "graded"
        and s.grade.score is not None
        and s.grade.score >= s.assignment.pass_mark
    ]
    hours = sum(
        (x.hours for x in LogbookEntry.objects.filter(enrolment_id__in=ids, status="verified")),
        Decimal(0),
    )
    held = [e for e in enrolments if e.status in ("invited", "active", "completed")]
    eligibility = wave_eligibility(wave, Enrolment.objects.filter(pk__in=[e.pk for e in held]))
    return {
        "enrolled": len(held),
        "active": sum(1 for e in enrolments if e.status == "active"),
        "withdrawn": sum(1 for e in enrolments if e.status == "withdrawn"),
        "rate": None if not den else num * 100.0 / den,
        "submitted": len(handed),
        "passed": len(passed),
        "backlog": len(waiting),
        "oldest": min((s.submitted_at for s in waiting), default=None),
        "logbook": hours,
        "eligible": sum(1 for r in eligibility.values() if r.eligible),
        "certified": Certificate.objects.filter(enrolment_id__in=ids, status="valid").count(),
    }


def as_dict(f):
    return {
        "enrolled": f.enrolled,
        "active": f.active,
        "withdrawn": f.withdrawn,
        "rate": f.attendance_rate,
        "submitted": f.submitted,
        "passed": f.passed,
        "backlog": f.backlog,
        "oldest": f.backlog_oldest,
        "logbook": Decimal(f.logbook_hours),
        "eligible": f.eligible,
        "certified": f.certified,
    }


def close(a, b):
    a, b = dict(a), dict(b)
    ra, rb = a.pop("rate"), b.pop("rate")
    assert (ra is None) == (rb is None)
    if ra is not None:
        assert ra == pytest.approx(rb)
    assert a == b


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_figures_equal_a_recomputation_from_raw_rows(seed):
    admin = AdminFactory()
    _, w1, w2, *_ = two_region_programme(sizes=(14, 9), seed=seed, admin=admin)
    figures = selectors.wave_figures(admin, [w1, w2])
    for f, wave in zip(figures, [w1, w2], strict=True):
        expected = recompute(wave)
        assert expected["enrolled"] > 0 and expected["submitted"] > 0
        close(as_dict(f), expected)


def test_regional_staff_count_only_their_region():
    admin = AdminFactory()
    _, w1, w2, *_ = two_region_programme(sizes=(10, 7), admin=admin)
    jabar = StaffFactory(scope_province=province("32"))
    (f1,) = selectors.wave_figures(jabar, [w1])
    close(as_dict(f1), recompute(w1, provinces={"32"}))
    national = selectors.wave_figures(admin, [w1])[0]
    assert f1.enrolled < national.enrolled


def test_programme_page_shows_the_figures_and_links(client):
    admin = AdminFactory()
    programme, w1, w2, *_ = two_region_programme(admin=admin)
    client.force_login(admin)
    html = client.get(reverse("reporting_programme", args=[programme.pk])).content.decode()
    expected = recompute(w1)
    assert reverse("reporting_figure", args=[w1.pk, "enrolled"]) in html
    assert f">{expected['enrolled']}</a>" in html
    assert reverse("certificates_admin_wave", args=[w2.pk]) in html
    listing = client.get(reverse("reporting_figure", args=[w1.pk, "withdrawn"]))
    assert listing.status_code == 200
    withdrawn = Enrolment.objects.filter(wave=w1, status="withdrawn").select_related("participant")
    for e in withdrawn:
        assert e.participant.full_name in listing.content.decode()


def test_regional_staff_get_404_for_a_programme_and_wave_they_cannot_see(client):
    admin = AdminFactory()
    programme, w1, w2, *_ = two_region_programme(admin=admin)
    # Staff of Bali see neither wave: no host there, nobody from there.
    bali = StaffFactory(scope_province=province("51"))
    client.force_login(bali)
    assert client.get(reverse("reporting_programme", args=[programme.pk])).status_code == 404
    assert client.get(reverse("reporting_figure", args=[w1.pk, "enrolled"])).status_code == 404
    assert client.get(reverse("reporting_at_risk") + f"?wave={w2.pk}").status_code == 404
    # Staff of Jawa Barat see wave 1 (hosted there), not wave 2 (Sulawesi Tengah only).
    jabar = StaffFactory(scope_province=province("32"))
    client.force_login(jabar)
    assert client.get(reverse("reporting_figure", args=[w2.pk, "enrolled"])).status_code == 404
    html = client.get(reverse("reporting_programme", args=[programme.pk])).content.decode()
    assert reverse("reporting_figure", args=[w1.pk, "enrolled"]) in html
    assert reverse("reporting_figure", args=[w2.pk, "enrolled"]) not in html
    listing = client.get(reverse("reporting_figure", args=[w1.pk, "enrolled"])).content.decode()
    sulteng_people = Enrolment.objects.filter(
        wave=w1, organisation__province__code="72"
    ).select_related("participant")
    assert sulteng_people.exists()
    for e in sulteng_people:
        assert e.participant.full_name not in listing


@pytest.mark.parametrize("factory", [TraineeFactory, FacilitatorFactory])
def test_non_staff_are_refused(client, factory):
    client.force_login(factory())
    for name in ("reporting_dashboard", "reporting_provinces", "reporting_at_risk"):
        assert client.get(reverse(name)).status_code in (302, 403)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_programme_page_query_count_is_flat():
    from django.test import Client

    admin = AdminFactory()
    small, *_ = two_region_programme(sizes=(5, 3), admin=admin)
    large, *_ = two_region_programme(sizes=(150, 90), admin=admin)
    client = Client()
    client.force_login(admin)
    a = _queries(client, reverse("reporting_programme", args=[small.pk]))
    b = _queries(client, reverse("reporting_programme", args=[large.pk]))
    assert a == b
    assert _queries(client, reverse("reporting_dashboard")) == _queries(
        client, reverse("reporting_dashboard")
    )
