"""Large enrolment imports: over ``REPORTING_ASYNC_IMPORT_ROWS`` rows the sheet is stored
privately and checked by a worker (progress on a self-refreshing page, nothing written), then,
once its owner confirms, imported all-or-nothing by a worker as that owner. Only the owner sees
the job; confirming twice imports once; a worker's failure writes nothing."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.factories import AdminFactory, StaffFactory
from accounts.models import User
from lms.models import AuditEvent
from organisations.factories import OrganisationFactory, province
from programmes import api as programmes_api
from programmes.factories import WaveFactory
from programmes.models import Enrolment
from reporting import imports, services, tasks
from reporting.models import ImportJob
from reporting.tests.test_import import good_rows, xlsx

pytestmark = pytest.mark.django_db

THRESHOLD = 10


@pytest.fixture(autouse=True)
def _low_threshold(settings):
    settings.REPORTING_ASYNC_IMPORT_ROWS = THRESHOLD
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def wave():
    OrganisationFactory(name="Koperasi Sukamaju", province=province("32"))
    host = OrganisationFactory(name="Koperasi Tuan Rumah", province=province("32"))
    return WaveFactory(capacity=1000, host_site=host)


def written():
    """What an import would have written: people, enrolments, audit rows."""
    return User.objects.count(), Enrolment.objects.count(), AuditEvent.objects.count()


def upload(client, wave, content, name="peserta.xlsx", *, execute=True):
    """Upload as the logged-in user; the worker's tasks run when the request commits."""
    with TestCase.captureOnCommitCallbacks(execute=execute) as callbacks:
        response = client.post(
            reverse("reporting_import", args=[wave.pk]),
            {"sheet": SimpleUploadedFile(name, content)},
        )
    return response, callbacks


def confirm(client, job, *, execute=True):
    with TestCase.captureOnCommitCallbacks(execute=execute) as callbacks:
        response = client.post(reverse("reporting_import_job_confirm", args=[job.pk]))
    return response, callbacks


def page(client, job, query=""):
    return client.get(reverse("reporting_import_job", args=[job.pk]) + query)


def test_a_large_sheet_becomes_a_private_job_whose_preview_a_worker_builds_after_commit(
    client, wave, django_capture_on_commit_callbacks
):
    client.force_login(AdminFactory())
    before = written()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("reporting_import", args=[wave.pk]),
            {"sheet": SimpleUploadedFile("Peserta Gel 1.xlsx", xlsx(good_rows(40)))},
        )
        job = ImportJob.objects.get()
        # Enqueued on commit, not before: the job waits, unchecked.
        assert job.status == ImportJob.Status.CHECKING and job.rows_checked == 0
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response.url == reverse("reporting_import_job", args=[job.pk])
    # Stored under an unguessable private name, never the user's file name.
    name = job.file.name
    assert name.startswith("reporting/imports/") and "Peserta" not in name
    assert default_storage.exists(name)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEW
    assert (job.rows_read, job.rows_checked, job.problem_count) == (40, 40, 0)
    assert job.filename == "Peserta Gel 1.xlsx"
    assert written() == before


def test_a_small_sheet_keeps_the_request_path(client, wave):
    client.force_login(AdminFactory())
    response, callbacks = upload(client, wave, xlsx(good_rows(THRESHOLD)))
    assert response.status_code == 200
    assert "Daftarkan semua" in response.content.decode()
    assert not ImportJob.objects.exists() and not callbacks


def test_the_worker_reports_progress_every_n_rows_not_every_row(monkeypatch, wave):
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 5)
    calls = []
    imports.preview(
        AdminFactory(),
        wave,
        xlsx(good_rows(23)),
        "xlsx",
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(5, 23), (10, 23), (15, 23), (20, 23)]


def test_the_progress_page_refreshes_itself_while_the_worker_checks(client, wave):
    client.force_login(AdminFactory())
    response, callbacks = upload(client, wave, xlsx(good_rows(40)), execute=False)
    job = ImportJob.objects.get()
    html = page(client, job).content.decode()
    assert '<meta http-equiv="refresh"' in html and "lembar sedang dibaca" in html
    ImportJob.objects.filter(pk=job.pk).update(rows_read=40, rows_checked=25)
    html = page(client, job).content.decode()
    assert "25 dari 40 baris diperiksa" in html and '<progress class="reporting-progress"' in html
    assert "Daftarkan semua" not in html
    for callback in callbacks:
        callback()
    html = page(client, job).content.decode()
    assert '<meta http-equiv="refresh"' not in html and "Daftarkan semua" in html


def test_the_progress_page_shows_the_same_problems_as_the_request_preview_and_writes_nothing(
    client, wave
):
    admin = AdminFactory()
    rows = good_rows(100)
    rows[56][2] = "Jawa Baratt"  # sheet row 58 (the header is row 1)
    content = xlsx(rows)
    expected = imports.preview(admin, wave, content, "xlsx")
    before = written()
    client.force_login(admin)
    upload(client, wave, content)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PREVIEW and job.problem_count == 1
    stored = {r.number: r.problems for r in imports.rows_from_json(job.rows)}
    assert stored == {r.number: r.problems for r in expected.rows}
    html = page(client, job).content.decode()
    assert '<td class="num">58</td>' in html
    assert "provinsi tidak dikenal: Jawa Baratt" in html
    assert "1 baris bermasalah" in html
    assert '<td class="num">57</td>' not in html  # only the problem rows are listed
    assert "Daftarkan semua" not in html
    # Confirming a preview with problems starts nothing.
    response, callbacks = confirm(client, job)
    assert response.status_code == 302 and not callbacks
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEW
    assert written() == before


def test_confirming_a_clean_sheet_enrols_everyone_once_even_when_confirmed_twice(client, wave):
    client.force_login(AdminFactory())
    upload(client, wave, xlsx(good_rows(30)))
    job = ImportJob.objects.get()
    stored_sheet = job.file.name
    html = page(client, job).content.decode()
    assert "30 baris siap" in html and "Daftarkan semua" in html
    users_before = User.objects.count()
    response, callbacks = confirm(client, job)
    # The first callback enqueues the import; the rest are the enrolment services' own.
    assert response.status_code == 302 and "import_job_confirm" in callbacks[0].__qualname__
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.rows_written == 30
    assert Enrolment.objects.filter(wave=wave).count() == 30
    assert User.objects.count() == users_before + 30
    # The sheet (names, phone numbers) is gone once imported.
    assert not job.file and not default_storage.exists(stored_sheet)
    html = page(client, job).content.decode()
    assert "30 peserta didaftarkan" in html
    assert reverse("reporting_figure", args=[wave.pk, "enrolled"]) in html
    after = written()
    response, callbacks = confirm(client, job)
    assert response.status_code == 302 and not callbacks
    # And a task delivered twice finds the job done.
    assert tasks.import_run(job.pk) is False
    assert tasks.import_preview(job.pk) is False
    assert written() == after


def test_two_confirmations_racing_start_one_import(client, wave):
    admin = AdminFactory()
    client.force_login(admin)
    upload(client, wave, xlsx(good_rows(20)))
    job = ImportJob.objects.get()
    first, second = ImportJob.objects.get(pk=job.pk), ImportJob.objects.get(pk=job.pk)
    assert services.import_job_confirm(actor=admin, job=first) is True
    assert services.import_job_confirm(actor=admin, job=second) is False


def test_another_staff_user_gets_404_on_the_job_and_its_confirmation(client, wave):
    client.force_login(AdminFactory())
    upload(client, wave, xlsx(good_rows(20)))
    job = ImportJob.objects.get()
    other = StaffFactory()  # national staff: sees the wave, not the job
    before = written()
    client.force_login(other)
    assert page(client, job).status_code == 404
    response, callbacks = confirm(client, job)
    assert response.status_code == 404 and not callbacks
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEW
    assert written() == before


def test_a_job_whose_wave_the_owner_may_no_longer_import_into_is_refused(client, wave):
    owner = StaffFactory(scope_province=province("32"))
    client.force_login(owner)
    upload(client, wave, xlsx(good_rows(20)))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PREVIEW and job.confirmable
    owner.scope_province = province("51")  # moved to Bali: the Jawa Barat wave is out of sight
    owner.save()
    before = written()
    html = page(client, job).content.decode()
    assert "tidak lagi berwenang" in html and "Daftarkan semua" not in html
    response, callbacks = confirm(client, job)
    assert response.status_code == 403 and not callbacks
    assert "tidak lagi berwenang" in response.content.decode()
    # Had it been confirmed before the move, the worker checks again and refuses.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.IMPORTING)
    assert tasks.import_run(job.pk) is False
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "tidak lagi berwenang" in job.error
    assert written() == before


def test_an_exception_in_the_preview_worker_fails_the_job_with_a_message(client, wave, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(imports, "preview", broken)
    client.force_login(AdminFactory())
    before = written()
    upload(client, wave, xlsx(good_rows(20)))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "kesalahan di server" in job.error and "Tidak ada yang disimpan" in job.error
    assert not job.file
    html = page(client, job).content.decode()
    assert "kesalahan di server" in html and "Unggah lembar lagi" in html
    assert '<meta http-equiv="refresh"' not in html
    assert written() == before


def test_a_sheet_the_worker_cannot_use_fails_the_job_with_the_reason(client, wave):
    client.force_login(AdminFactory())
    text = "name,cooperative\n" + "".join(f"Orang {i},Koperasi Sukamaju\n" for i in range(30))
    before = written()
    upload(client, wave, text.encode(), name="peserta.csv")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and "Kolom lembar harus" in job.error
    assert written() == before


def test_a_failure_halfway_through_the_import_writes_nothing(client, wave, monkeypatch):
    client.force_login(AdminFactory())
    upload(client, wave, xlsx(good_rows(30)))
    job = ImportJob.objects.get()
    real = programmes_api.enrolment_create
    calls = []

    def failing_on_the_20th(**kwargs):
        calls.append(1)
        if len(calls) == 20:
            raise RuntimeError("worker lost its database")
        return real(**kwargs)

    monkeypatch.setattr(programmes_api, "enrolment_create", failing_on_the_20th)
    before = written()
    confirm(client, job)
    job.refresh_from_db()
    assert len(calls) == 20
    assert job.status == ImportJob.Status.FAILED and "kesalahan di server" in job.error
    assert written() == before


def test_a_change_since_the_preview_fails_the_import_with_the_new_problems(client, wave):
    client.force_login(AdminFactory())
    upload(client, wave, xlsx(good_rows(20)))
    job = ImportJob.objects.get()
    wave.capacity = 15  # seats cut between the preview and the confirmation
    wave.save()
    before = written()
    confirm(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.problem_count == 5
    html = page(client, job).content.decode()
    assert "melebihi kapasitas gelombang" in html and "data berubah sejak pratinjau" in html
    assert written() == before


def test_the_worker_writes_the_problems_in_the_owners_language(
    wave, django_capture_on_commit_callbacks
):
    admin = AdminFactory()
    rows = good_rows(20)
    rows[3][2] = "Jawa Baratt"
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_start(
            actor=admin,
            wave=wave,
            content=xlsx(rows),
            kind="xlsx",
            filename="p.xlsx",
            language="en",
        )
    job.refresh_from_db()
    problems = [p for r in imports.rows_from_json(job.rows) for p in r.problems]
    assert problems == ["unknown province: Jawa Baratt"]


def test_a_long_preview_is_paginated_and_the_page_queries_stay_flat(client, wave):
    admin = AdminFactory()
    client.force_login(admin)
    counts = {}
    for n in (50, 500):
        rows = [
            [f"Peserta {n} {i:03d}", "Koperasi Sukamaju", "Jawa Baratt", "", "", ""]
            for i in range(n)
        ]
        upload(client, wave, xlsx(rows))
        job = ImportJob.objects.latest("pk")
        assert job.problem_count == n
        page(client, job)  # warm the session and the user's profile
        with CaptureQueriesContext(connection) as queries:
            html = page(client, job).content.decode()
        counts[n] = len(queries)
        assert html.count("provinsi tidak dikenal") == min(n, 100)
    assert counts[50] == counts[500]
    last = page(client, job, "?p=5").content.decode()
    assert "Halaman 5 dari 5" in last and "Peserta 500 499" in last
