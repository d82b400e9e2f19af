"""Province view, at-risk list, participant record and the exports: figures, scope, flat query
counts at small and larger data, and spreadsheets read back with the page's figures."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.factories import AdminFactory, StaffFactory
from certificates.models import Certificate
from organisations.factories import province
from programmes.models import Enrolment
from reporting import selectors

from .builders import two_region_programme

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _sheet(response):
    book = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def test_province_rows_equal_raw_counts_and_regional_staff_see_their_province_only():
    admin = AdminFactory()
    two_region_programme(sizes=(8, 5), admin=admin)
    rows = {r.province.code: r for r in selectors.province_rows(admin)}
    assert len(rows) == 38
    for code in ("32", "72"):
        held = Enrolment.objects.filter(
            organisation__province__code=code, status__in=("invited", "active", "completed")
        )
        assert rows[code].participants == held.count()
        assert rows[code].completed == held.filter(status="completed").count()
        assert (
            rows[code].certified
            == Certificate.objects.filter(
                enrolment__organisation__province__code=code, status="valid"
            ).count()
        )
    jabar = StaffFactory(scope_province=province("32"))
    mine = selectors.province_rows(jabar)
    assert [r.province.code for r in mine] == ["32"]
    assert mine[0].participants == rows["32"].participants


def test_province_pages_scope_and_export(client):
    admin = AdminFactory()
    two_region_programme(admin=admin)
    jabar = StaffFactory(scope_province=province("32"))
    client.force_login(jabar)
    html = client.get(reverse("reporting_provinces")).content.decode()
    assert "Jawa Barat" in html and "Sulawesi Tengah" not in html
    assert "<svg" in html
    assert client.get(reverse("reporting_province", args=["72"])).status_code == 404
    assert client.get(reverse("reporting_province", args=["32"])).status_code == 200
    rows = _sheet(client.get(reverse("reporting_provinces") + "?format=xlsx"))
    assert [r[0] for r in rows[1:]] == ["Jawa Barat"]
    expected = selectors.province_rows(jabar)[0]
    assert rows[1][1] == expected.participants and rows[1][4] == expected.certified
    client.force_login(admin)
    rows = _sheet(client.get(reverse("reporting_provinces") + "?format=xlsx"))
    assert len(rows) == 39


def test_programme_export_has_the_page_figures(client):
    admin = AdminFactory()
    programme, w1, w2, *_ = two_region_programme(admin=admin)
    client.force_login(admin)
    rows = _sheet(client.get(reverse("reporting_programme", args=[programme.pk]) + "?format=xlsx"))
    figures = selectors.wave_figures(admin, [w1, w2])
    by_label = {r[0]: r[1:] for r in rows[1:]}
    assert by_label["Terdaftar"] == [f.enrolled for f in figures]
    assert by_label["Sertifikat terbit"] == [f.certified for f in figures]
    assert by_label["Tingkat kehadiran"] == [round(f.attendance_rate, 1) for f in figures]
    csv = client.get(reverse("reporting_programme", args=[programme.pk]) + "?format=csv")
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Terdaftar" in text


def test_at_risk_list_reasons_scope_and_export(client):
    admin = AdminFactory()
    programme, w1, w2, *_ = two_region_programme(sizes=(12, 8), admin=admin)
    national = list(selectors.at_risk(admin))
    assert national
    assert all(e.at_risk or e.overdue or e.failed or e.logbook_unsigned for e in national)
    assert all(e.status != "withdrawn" for e in national)
    jabar = StaffFactory(scope_province=province("32"))
    mine = list(selectors.at_risk(jabar))
    assert mine and all(e.organisation.province.code == "32" for e in mine)
    client.force_login(jabar)
    html = client.get(reverse("reporting_at_risk")).content.decode()
    for e in mine[:5]:
        assert e.participant.full_name in html
    rows = _sheet(client.get(reverse("reporting_at_risk") + "?format=xlsx"))
    assert len(rows) - 1 == len(mine)
    assert {r[2] for r in rows[1:]} == {"Jawa Barat"}


def test_participant_record_in_scope_only(client):
    admin = AdminFactory()
    programme, w1, w2, jabar_org, sulteng_org = two_region_programme(admin=admin)
    person = Enrolment.objects.filter(wave=w1, organisation=jabar_org).first().participant
    other = Enrolment.objects.filter(wave=w2).first().participant
    jabar = StaffFactory(scope_province=province("32"))
    client.force_login(jabar)
    page = client.get(reverse("reporting_participant", args=[person.pk]))
    assert page.status_code == 200
    assert person.full_name in page.content.decode()
    assert client.get(reverse("reporting_participant", args=[other.pk])).status_code == 404


def test_query_counts_are_flat_for_province_at_risk_and_record():
    admin = AdminFactory()
    client = Client()
    client.force_login(admin)
    _, small_wave, *_ = two_region_programme(sizes=(5, 3), admin=admin)
    small = {
        "provinces": _queries(client, reverse("reporting_provinces")),
        "province": _queries(client, reverse("reporting_province", args=["32"])),
        "at_risk": _queries(client, reverse("reporting_at_risk")),
        "record": _queries(
            client,
            reverse(
                "reporting_participant",
                args=[Enrolment.objects.filter(wave=small_wave).first().participant_id],
            ),
        ),
    }
    _, large_wave, *_ = two_region_programme(sizes=(160, 90), admin=admin)
    large = {
        "provinces": _queries(client, reverse("reporting_provinces")),
        "province": _queries(client, reverse("reporting_province", args=["32"])),
        "at_risk": _queries(client, reverse("reporting_at_risk")),
        "record": _queries(
            client,
            reverse(
                "reporting_participant",
                args=[Enrolment.objects.filter(wave=large_wave).first().participant_id],
            ),
        ),
    }
    assert small == large


def test_admin_home_links_staff_to_the_cohort_pages(client):
    client.force_login(StaffFactory(scope_province=province("32")))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("reporting_at_risk") in html and reverse("reporting_provinces") in html


def test_organisation_scoped_staff_count_their_subtree_only():
    from organisations.factories import OrganisationFactory

    admin = AdminFactory()
    _, w1, _, jabar_org, _ = two_region_programme(sizes=(8, 5), admin=admin)
    other = OrganisationFactory(province=province("32"))
    staff = StaffFactory(scope_organisation=other)
    (figures,) = selectors.wave_figures(staff, [w1], with_eligible=False)
    assert figures.enrolled == 0 and figures.submitted == 0 and figures.certified == 0
    staff = StaffFactory(scope_organisation=jabar_org)
    (figures,) = selectors.wave_figures(staff, [w1], with_eligible=False)
    held = Enrolment.objects.filter(
        wave=w1, organisation=jabar_org, status__in=("invited", "active", "completed")
    )
    assert figures.enrolled == held.count() > 0


def test_a_large_export_is_made_by_a_worker_and_offered_to_its_owner_only(
    client, settings, django_capture_on_commit_callbacks
):
    settings.REPORTING_ASYNC_EXPORT_ROWS = 3
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from reporting.models import ExportJob

    admin = AdminFactory()
    two_region_programme(sizes=(10, 6), admin=admin)
    jabar = StaffFactory(scope_province=province("32"))
    expected = list(selectors.at_risk(jabar))
    assert len(expected) > 3
    client.force_login(jabar)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("reporting_at_risk") + "?format=xlsx")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == "done"
    page = client.get(response.url)
    assert "Unduh" in page.content.decode()
    rows = _sheet(client.get(response.url + "?unduh=1"))
    assert len(rows) - 1 == len(expected)
    assert {r[2] for r in rows[1:]} == {"Jawa Barat"}
    client.force_login(StaffFactory(scope_province=province("32")))
    assert client.get(response.url + "?unduh=1").status_code == 404
