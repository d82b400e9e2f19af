"""Staff's admin pages: a wave's eligibility and issue actions, the progress page, revoke and
reissue; and the trainee home's certificate panel. POSTs by each role, asserting the database."""

import pytest
from django.urls import reverse

from accounts.factories import AdminFactory, FacilitatorFactory, StaffFactory, TraineeFactory
from certificates import services
from certificates.constants import CertificateStatus
from certificates.factories import wave_with_participants
from certificates.models import Certificate
from organisations.factories import OrganisationFactory, province
from programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jabar_wave():
    org = OrganisationFactory(province=province("32"))
    wave, enrolments = wave_with_participants(3, organisation=org)
    return wave, enrolments


def test_wave_page_lists_eligibility_and_issues_everyone_in_one_post(
    client, jabar_wave, django_capture_on_commit_callbacks
):
    wave, enrolments = jabar_wave
    staff = StaffFactory(scope_province=province("32"))
    client.force_login(staff)
    page = client.get(reverse("certificates_admin_wave", args=[wave.pk]))
    assert page.status_code == 200
    assert "Memenuhi syarat" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates_admin_issue_wave", args=[wave.pk]))
    assert response.status_code == 302
    assert Certificate.objects.filter(wave=wave).count() == 3
    progress = client.get(response.url)
    assert progress.status_code == 200
    assert "3 dari 3 sertifikat selesai dibuat" in progress.content.decode()
    assert 'http-equiv="refresh"' not in progress.content.decode()


def test_progress_page_refreshes_itself_while_pdfs_are_pending(client, jabar_wave):
    wave, _ = jabar_wave
    admin = AdminFactory()
    batch = services.issue_wave(actor=admin, wave=wave)  # on_commit never runs: no PDFs yet
    client.force_login(admin)
    html = client.get(reverse("certificates_admin_batch", args=[batch.pk])).content.decode()
    assert "0 dari 3" in html and 'http-equiv="refresh"' in html


def test_other_region_staff_cannot_issue(client, jabar_wave):
    wave, enrolments = jabar_wave
    client.force_login(StaffFactory(scope_province=province("72")))
    assert client.get(reverse("certificates_admin_wave", args=[wave.pk])).status_code == 404
    assert client.post(reverse("certificates_admin_issue_wave", args=[wave.pk])).status_code == 404
    response = client.post(reverse("certificates_admin_issue_one", args=[enrolments[0].pk]))
    assert response.status_code == 404
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("factory", [TraineeFactory, FacilitatorFactory])
def test_non_staff_cannot_use_the_issue_pages(client, jabar_wave, factory):
    wave, enrolments = jabar_wave
    client.force_login(factory())
    for url in (
        reverse("certificates_admin_issue_wave", args=[wave.pk]),
        reverse("certificates_admin_issue_one", args=[enrolments[0].pk]),
    ):
        assert client.post(url).status_code in (302, 403)
    assert not Certificate.objects.exists()


def test_wave_page_shows_each_participants_reasons(client):
    programme = ProgrammeFactory(min_attendance_percent=80)
    wave, _ = wave_with_participants(2, programme=programme)
    client.force_login(AdminFactory())
    html = client.get(reverse("certificates_admin_wave", args=[wave.pk])).content.decode()
    assert ("data kehadiran belum tersedia" in html) or ("belum ada sesi yang tercatat" in html)
    assert "Memenuhi syarat</td>" not in html


def test_issue_one_refused_with_reasons_when_not_eligible(client):
    programme = ProgrammeFactory(min_attendance_percent=80)
    _, (enrolment,) = wave_with_participants(1, programme=programme)
    client.force_login(AdminFactory())
    response = client.post(
        reverse("certificates_admin_issue_one", args=[enrolment.pk]), follow=True
    )
    assert "Belum memenuhi syarat" in response.content.decode()
    assert not Certificate.objects.exists()


def test_revoke_and_reissue_through_the_admin(client, jabar_wave):
    wave, (a, b, _) = jabar_wave
    admin = AdminFactory()
    first = services.issue(actor=admin, enrolment=a)
    second = services.issue(actor=admin, enrolment=b)
    staff = StaffFactory(scope_province=province("32"))
    client.force_login(staff)
    url = reverse("certificates_admin_revoke", args=[first.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"reason": ""})
    first.refresh_from_db()
    assert first.status == CertificateStatus.VALID
    assert client.post(url, {"reason": "Salah orang"}).status_code == 302
    first.refresh_from_db()
    assert first.status == CertificateStatus.REVOKED and first.revoked_reason == "Salah orang"
    response = client.post(
        reverse("certificates_admin_reissue", args=[second.pk]), {"reason": "Nama salah eja"}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == CertificateStatus.SUPERSEDED


def test_revoke_out_of_region_changes_nothing(client, jabar_wave):
    wave, (a, *_) = jabar_wave
    cert = services.issue(actor=AdminFactory(), enrolment=a)
    client.force_login(StaffFactory(scope_province=province("72")))
    url = reverse("certificates_admin_revoke", args=[cert.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID


def test_certificate_list_is_scoped(client, jabar_wave):
    wave, (a, *_) = jabar_wave
    cert = services.issue(actor=AdminFactory(), enrolment=a)
    client.force_login(StaffFactory(scope_province=province("32")))
    assert cert.serial in client.get(reverse("certificates_admin:index")).content.decode()
    client.force_login(StaffFactory(scope_province=province("72")))
    response = client.get(reverse("certificates_admin:index"))
    assert response.status_code == 200 and cert.serial not in response.content.decode()


def test_trainee_panel_shows_reasons_then_the_certificate(client):
    programme = ProgrammeFactory(min_attendance_percent=80)
    _, (enrolment,) = wave_with_participants(1, programme=programme)
    client.force_login(enrolment.participant)
    html = client.get(reverse("portal:my-home")).content.decode()
    assert "Sertifikat saya" in html and "Belum memenuhi syarat sertifikat" in html


def test_trainee_panel_download_and_verification_link(client, django_capture_on_commit_callbacks):
    _, (enrolment,) = wave_with_participants(1)
    with django_capture_on_commit_callbacks(execute=True):
        cert = services.issue(actor=AdminFactory(), enrolment=enrolment)
    client.force_login(enrolment.participant)
    html = client.get(reverse("portal:my-home")).content.decode()
    assert reverse("certificates:download", args=[cert.pk]) in html
    assert f"/sertifikat/v/{cert.verification_code}/" in html


def _settings_post(programme, **extra):
    data = {
        "programme": programme.pk,
        "issuer": "",
        "title": "Sertifikat",
        "competencies": "Tata kelola",
        "code": "UJI",
        "serial_pattern": "{code}/{year}/{wave}/{seq:04d}",
        "attendance_basis": "jp",
        "min_logbook_hours": "",
        "signatories-TOTAL_FORMS": "1",
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0",
        "signatories-MAX_NUM_FORMS": "1000",
        "signatories-0-name": "Budi Santoso",
        "signatories-0-position": "Deputi",
        "signatories-0-signature": "",
        "signatories-0-ORDER": "1",
        "signatories-0-DELETE": "",
        "signatories-0-id": "",
    }
    data.update(extra)
    return data


def test_settings_created_and_edited_in_the_admin_through_the_service(client):
    from certificates.models import CertificateSettings
    from lms.models import AuditEvent

    programme = ProgrammeFactory()
    client.force_login(AdminFactory())
    assert client.get(reverse("certificate_settings:add")).status_code == 200
    response = client.post(reverse("certificate_settings:add"), _settings_post(programme))
    assert response.status_code == 302, response.content.decode()[-3000:]
    saved = CertificateSettings.objects.get(programme=programme)
    assert saved.code == "UJI" and saved.attendance_basis == "jp"
    assert list(saved.signatories.values_list("name", flat=True)) == ["Budi Santoso"]
    assert AuditEvent.objects.filter(action="certificate.settings").count() == 1
    edit = reverse("certificate_settings:edit", args=[saved.pk])
    assert client.get(edit).status_code == 200
    bad = client.post(edit, _settings_post(programme, serial_pattern="{code}/{year}"))
    assert bad.status_code == 200
    saved.refresh_from_db()
    assert saved.serial_pattern == "{code}/{year}/{wave}/{seq:04d}"


def test_settings_of_another_region_cannot_be_changed(client):
    from certificates.models import CertificateSettings

    programme = ProgrammeFactory(organiser=OrganisationFactory(province=province("72")))
    saved = services.settings_save(actor=AdminFactory(), programme=programme, code="SULTENG")
    client.force_login(StaffFactory(scope_province=province("32")))
    edit = reverse("certificate_settings:edit", args=[saved.pk])
    response = client.post(edit, _settings_post(programme, code="GANTI"))
    assert response.status_code in (403, 404)
    assert CertificateSettings.objects.get(pk=saved.pk).code == "SULTENG"


def test_facilitator_sees_the_same_reasons_as_the_trainee(client):
    from programmes.models import FacilitatorAssignment

    programme = ProgrammeFactory(min_attendance_percent=80)
    wave, (enrolment, other) = wave_with_participants(2, programme=programme)
    facilitator = FacilitatorFactory()
    FacilitatorAssignment.objects.create(wave=wave, facilitator=facilitator)
    client.force_login(enrolment.participant)
    trainee_html = client.get(reverse("portal:my-home")).content.decode()
    client.force_login(facilitator)
    home = client.get(reverse("portal:my-home")).content.decode()
    url = reverse("certificates:wave_eligibility", args=[wave.pk])
    assert url in home
    html = client.get(url).content.decode()
    assert enrolment.participant.full_name in html and other.participant.full_name in html
    reason = "belum ada sesi yang tercatat"
    assert reason in html and reason in trainee_html
    client.force_login(FacilitatorFactory())
    assert client.get(url).status_code == 404
    client.force_login(enrolment.participant)
    assert client.get(url).status_code == 404
