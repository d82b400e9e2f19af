import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Count, F, Max
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.factories import StaffFactory
from accounts.models import User
from assessments import tallies as assessment_tallies
from assessments.models import AssessmentTally, LogbookEntry, Submission
from attendance import tallies as attendance_tallies
from attendance.models import AttendanceRecord, AttendanceTally, ScheduleTally, Session
from certificates import api as certificates
from certificates.models import Certificate, SerialCounter
from demo import scale
from organisations.factories import province
from programmes.models import Enrolment, Programme, Wave
from reporting import selectors as reporting

pytestmark = pytest.mark.django_db
SMALL = {"participants": 200, "programmes": 4, "waves": 40, "cooperatives": 60}


def test_scale_data_fills_every_province_and_is_not_loaded_twice():
    result = scale.load(participants=400, programmes=5, waves=40, cooperatives=100)
    assert User.objects.filter(username__startswith="skala.").count() == 400
    assert Enrolment.objects.count() == 400
    assert Wave.objects.values("host_site__province").distinct().count() == 38
    assert result["participants"] == 400
    assert scale.load(participants=400, programmes=5, waves=40, cooperatives=100)["skipped"]
    assert Enrolment.objects.count() == 400


def _rows() -> dict[str, int]:
    return {m._meta.db_table: m.objects.count() for m in apps.get_models()}


def test_scale_activity_is_consistent_and_a_second_run_adds_nothing():
    result = scale.load(**SMALL)
    now = timezone.now()
    rows = _rows()
    assert rows[Session._meta.db_table] > 0 and rows[AttendanceRecord._meta.db_table] > 0
    assert result["rows"][AttendanceRecord._meta.db_table] == rows[AttendanceRecord._meta.db_table]
    assert set(result["phases"]) >= {"sessions", "attendance", "certificates", "tallies"}
    # Marks only for sessions begun, and only for the session's own wave.
    assert not AttendanceRecord.objects.filter(session__starts_at__gt=now).exists()
    assert not AttendanceRecord.objects.exclude(enrolment__wave=F("session__wave")).exists()
    # Answers by the wave's own people or cooperatives; grades only for graded answers.
    assert (
        not Submission.objects.filter(participant__isnull=False)
        .exclude(participant__enrolments__wave=F("assignment__wave"))
        .exists()
    )
    assert (
        Submission.objects.filter(status="graded").count()
        == Submission.objects.filter(grade__isnull=False).count()
    )
    assert set(LogbookEntry.objects.values_list("enrolment__wave__programme__kind", flat=True)) == {
        "magang"
    }

    # Completed exactly when the certificates app's rule holds; certificates for completed
    # enrolments only; serials consecutive per programme, the counter at the last one.
    finished = Wave.objects.filter(ends_on__lt=timezone.localdate(now))
    assert finished.exists()
    for wave in finished:
        present = Enrolment.objects.filter(wave=wave).exclude(status="withdrawn")
        eligibility = certificates.wave_eligibility(wave, present)
        for enrolment in present:
            assert eligibility[enrolment.pk].eligible == (enrolment.status == "completed")
    assert Certificate.objects.exists()
    assert not Certificate.objects.exclude(enrolment__status="completed").exists()
    for programme in Programme.objects.annotate(n=Count("certificates")).filter(n__gt=0):
        issued = Certificate.objects.filter(programme=programme)
        assert issued.aggregate(top=Max("sequence"))["top"] == programme.n
        assert SerialCounter.objects.get(programme=programme).last == programme.n
    assert Certificate.objects.values("serial").distinct().count() == Certificate.objects.count()

    # The kept summaries are what the services' own recomputation makes.
    kept = [
        sorted(AttendanceTally.objects.values_list()),
        sorted(ScheduleTally.objects.values_list()),
        sorted(AssessmentTally.objects.values_list()),
    ]
    for model in (AttendanceTally, ScheduleTally, AssessmentTally):
        model.objects.all().delete()
    attendance_tallies.waves_changed(Wave.objects.values_list("pk", flat=True))
    attendance_tallies.enrolments_changed(Enrolment.objects.values_list("pk", flat=True))
    assessment_tallies.enrolments_changed(Enrolment.objects.values_list("pk", flat=True))
    assert kept == [
        sorted(AttendanceTally.objects.values_list()),
        sorted(ScheduleTally.objects.values_list()),
        sorted(AssessmentTally.objects.values_list()),
    ]

    assert scale.load(**SMALL)["skipped"]
    assert _rows() == rows


def _page_queries(client: Client, user, urls: list[str]) -> list[int]:
    client.force_login(user)
    counts = []
    for url in urls:
        client.get(url)  # per-process caches (content types, site settings)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        counts.append(len(ctx.captured_queries))
    return counts


def test_reporting_pages_take_the_same_queries_on_five_times_the_scale_data():
    """Dashboard, a programme, provinces, a province, at-risk and a participant's record, for
    national staff and for staff of the province with the most participants. (The programme
    page is counted for national staff: for regional staff it shows the waves their people
    attend, and its count follows the number of waves shown, at most 8, not their size.)"""
    counts = []
    for participants in (200, 1000):
        with transaction.atomic():
            scale.load(**{**SMALL, "participants": participants})
            programme = Programme.objects.order_by("pk").first()
            code = (
                Enrolment.objects.values_list("organisation__province__code", flat=True)
                .annotate(n=Count("pk"))
                .order_by("-n", "organisation__province__code")
                .first()
            )
            person = Enrolment.objects.filter(organisation__province__code=code).earliest("pk")
            regional = StaffFactory(scope_province=province(code))
            assert reporting.at_risk(regional).exists()  # a full page, not an empty one
            urls = [
                reverse("reporting_dashboard"),
                reverse("reporting_provinces"),
                reverse("reporting_province", args=[code]),
                reverse("reporting_at_risk"),
                reverse("reporting_participant", args=[person.participant_id]),
            ]
            programme_url = reverse("reporting_programme", args=[programme.pk])
            client = Client()
            national = _page_queries(client, StaffFactory(), [*urls, programme_url])
            counts.append((national, _page_queries(client, regional, urls)))
            transaction.set_rollback(True)
    assert counts[0] == counts[1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statistics are PostgreSQL's")
def test_scale_data_is_analyzed_so_plans_are_made_for_its_size():
    scale.load(participants=400, programmes=5, waves=40, cooperatives=100)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s", [Enrolment._meta.db_table]
        )
        assert cursor.fetchone()[0] == 400
