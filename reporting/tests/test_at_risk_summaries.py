"""The at-risk list is read from the summaries the attendance and assessment services keep as
they write (what makes it answer at 400,000 participants); it is the list computed from the
rows, for national and regional staff, for waves under way and finished, and stays so after
marks, a hand-in and a participant moved to another cooperative."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.factories import AdminFactory, StaffFactory
from assessments import services as assessment_services
from assessments.models import AssessmentTally, Assignment
from attendance import services as attendance_services
from attendance.models import AttendanceTally, ScheduleTally, Session
from attendance.services import MarkInput
from organisations.factories import province
from programmes import services as programme_services
from programmes.factories import WaveFactory
from programmes.models import Enrolment
from reporting import selectors

from .builders import cohort, two_region_programme

pytestmark = pytest.mark.django_db
SUMMARIES = (AttendanceTally, ScheduleTally, AssessmentTally)


def _listing(user):
    return [
        (e.pk, e.rate, e.at_risk, bool(e.overdue), bool(e.failed), bool(e.logbook_unsigned))
        for e in selectors.at_risk(user)
    ]


def _from_the_rows(user):
    """The same list with every summary gone: each figure computed from the rows."""
    saved = [list(model.objects.all()) for model in SUMMARIES]
    for model in SUMMARIES:
        model.objects.all().delete()
    listing = _listing(user)
    for model, rows in zip(SUMMARIES, saved, strict=True):
        model.objects.bulk_create(rows)
    return listing


def test_the_at_risk_list_from_summaries_is_the_list_from_the_rows():
    admin = AdminFactory()
    programme, w1, w2, jabar_org, sulteng_org = two_region_programme(sizes=(14, 8), admin=admin)
    finished = WaveFactory(programme=programme, number=3, host_site=w1.host_site, capacity=5000)
    cohort(finished, [(jabar_org, 12), (sulteng_org, 6)], seed=5, ahead=False)
    jabar = StaffFactory(scope_province=province("32"))
    people = (admin, jabar)
    for user in people:
        listing = _listing(user)
        assert listing and listing == _from_the_rows(user)

    # Everyone at risk in the finished wave marked present at its last session, a hand-in of
    # the past assignment, and one participant moved to the other region's cooperative.
    last = Session.objects.filter(wave=finished).order_by("-starts_at").first()
    at_risk = [e.pk for e in selectors.at_risk(admin, wave=finished)]
    attendance_services.roll_call_save(
        actor=admin, session=last, marks={pk: MarkInput("present") for pk in at_risk}
    )
    past = Assignment.objects.filter(wave=w1, title="Rencana usaha").get()
    late = next(
        e
        for e in selectors.at_risk(admin, wave=w1)
        if e.overdue and e.status in ("active", "invited")
    )
    assessment_services.submit(actor=late.participant, assignment=past, text="Rencana usaha.")
    moved = Enrolment.objects.filter(wave=w1, organisation=jabar_org).first()
    programme_services.enrolment_change(actor=admin, enrolment=moved, organisation=sulteng_org)
    for user in people:
        listing = _listing(user)
        assert listing == _from_the_rows(user)
    assert late.pk not in {pk for pk, _r, _a, overdue, _f, _l in _listing(admin) if overdue}


def test_the_at_risk_page_is_one_query_with_summaries_or_without():
    admin = AdminFactory()
    two_region_programme(sizes=(10, 6), admin=admin)
    with CaptureQueriesContext(connection) as kept:
        list(selectors.at_risk(admin))
    for model in SUMMARIES:
        model.objects.all().delete()
    with CaptureQueriesContext(connection) as computed:
        list(selectors.at_risk(admin))
    assert len(kept.captured_queries) == len(computed.captured_queries) == 1
