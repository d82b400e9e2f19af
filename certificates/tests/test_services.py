"""Issuing, revoking, reissuing and the settings: permission-checked, atomic, one audit row per
certificate, idempotent."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.factories import AdminFactory, FacilitatorFactory, StaffFactory, TraineeFactory
from certificates import permissions, services
from certificates.constants import CertificateStatus
from certificates.factories import open_programme, wave_with_participants
from certificates.models import Certificate, CertificateSettings, SerialCounter
from lms.models import AuditEvent
from organisations.constants import OrganisationKind
from organisations.factories import OrganisationFactory, province
from programmes.factories import ProgrammeFactory, WaveFactory, enrol

pytestmark = pytest.mark.django_db


def audit_rows(action):
    return AuditEvent.objects.filter(action=action)


def test_issue_once_and_again_makes_one_certificate_and_one_audit_row(
    django_capture_on_commit_callbacks,
):
    admin = AdminFactory()
    _, (enrolment,) = wave_with_participants(1, admin=admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.issue(actor=admin, enrolment=enrolment)
    assert len(callbacks) == 1  # the PDF is enqueued on commit, not rendered in the request
    second = services.issue(actor=admin, enrolment=enrolment)
    assert first.pk == second.pk
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1
    assert audit_rows("certificate.issue").filter(target_id=str(first.pk)).count() == 1
    assert first.status == CertificateStatus.VALID
    assert len(first.verification_code) == 20 and first.verification_code.isalnum()
    assert first.content["name"] == enrolment.participant.full_name


def test_serials_follow_the_pattern_and_the_sequence_has_no_gaps():
    admin = AdminFactory()
    programme = open_programme(title="Magang Pengurus")
    services.settings_save(actor=admin, programme=programme, code="MGP")
    wave, enrolments = wave_with_participants(3, programme=programme, admin=admin, number=2)
    serials = [services.issue(actor=admin, enrolment=e).serial for e in enrolments]
    year = Certificate.objects.first().issued_at.year
    assert serials == [f"MGP/{year}/2/{n:04d}" for n in (1, 2, 3)]
    assert SerialCounter.objects.get(programme=programme).last == 3


def test_a_failed_issue_leaves_no_gap(monkeypatch):
    admin = AdminFactory()
    wave, (a, b) = wave_with_participants(2, admin=admin)

    def boom(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services.audit, "record", boom)
    with pytest.raises(RuntimeError):
        services.issue(actor=admin, enrolment=a)
    monkeypatch.undo()
    assert services.issue(actor=admin, enrolment=b).sequence == 1


def test_not_eligible_is_refused_with_the_reasons():
    admin = AdminFactory()
    programme = ProgrammeFactory(min_attendance_percent=80)
    _, (enrolment,) = wave_with_participants(1, programme=programme, admin=admin)
    with pytest.raises(ValidationError) as error:
        services.issue(actor=admin, enrolment=enrolment)
    assert error.value.code == "not_eligible"
    assert "Belum memenuhi syarat" in error.value.messages[0]
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("who", ["other_region", "trainee", "facilitator"])
def test_outside_scope_cannot_issue_and_nothing_changes(who):
    admin = AdminFactory()
    org = OrganisationFactory(province=province("32"))
    _, (enrolment,) = wave_with_participants(1, admin=admin, organisation=org)
    actor = {
        "other_region": lambda: StaffFactory(scope_province=province("72")),
        "trainee": lambda: enrolment.participant,
        "facilitator": FacilitatorFactory,
    }[who]()
    with pytest.raises(PermissionDenied):
        services.issue(actor=actor, enrolment=enrolment)
    assert not Certificate.objects.exists()
    assert not audit_rows("certificate.issue").exists()


def test_regional_staff_issue_for_their_region():
    org = OrganisationFactory(province=province("32"))
    _, (enrolment,) = wave_with_participants(1, organisation=org)
    staff = StaffFactory(scope_province=province("32"))
    assert services.issue(actor=staff, enrolment=enrolment).pk


def test_issue_wave_issues_every_eligible_in_scope_once(django_capture_on_commit_callbacks):
    admin = AdminFactory()
    wave, enrolments = wave_with_participants(4, admin=admin)
    services.issue(actor=admin, enrolment=enrolments[0])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch = services.issue_wave(actor=admin, wave=wave)
    assert batch.total == 3 and len(callbacks) == 1
    assert Certificate.objects.filter(wave=wave).count() == 4
    assert sorted(Certificate.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4]
    assert audit_rows("certificate.issue").count() == 4
    again = services.issue_wave(actor=admin, wave=wave)
    assert again.total == 0 and Certificate.objects.count() == 4


def test_issue_wave_by_regional_staff_covers_only_their_people():
    admin = AdminFactory()
    here = OrganisationFactory(province=province("32"))
    there = OrganisationFactory(province=province("72"))
    wave = WaveFactory(programme=open_programme())
    for org in (here, here, there):
        enrol(wave, TraineeFactory(organisation=org), actor=admin)
    staff = StaffFactory(scope_province=province("32"))
    batch = services.issue_wave(actor=staff, wave=wave)
    assert batch.total == 2
    assert set(Certificate.objects.values_list("enrolment__organisation", flat=True)) == {here.pk}


def _count_issue_wave_queries(n):
    admin = AdminFactory()
    wave, _ = wave_with_participants(n, admin=admin)
    with CaptureQueriesContext(connection) as ctx:
        services.issue_wave(actor=admin, wave=wave)
    assert Certificate.objects.filter(wave=wave).count() == n
    return len(ctx.captured_queries)


def test_issue_wave_query_count_is_flat():
    assert _count_issue_wave_queries(3) == _count_issue_wave_queries(38)


def test_revoke_needs_a_reason_and_records_it():
    admin = AdminFactory()
    _, (enrolment,) = wave_with_participants(1, admin=admin)
    cert = services.issue(actor=admin, enrolment=enrolment)
    with pytest.raises(ValidationError):
        services.revoke(actor=admin, certificate=cert, reason="  ")
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID
    services.revoke(actor=admin, certificate=cert, reason="Data kehadiran dipalsukan")
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.REVOKED and cert.revoked_at and cert.revoked_by == admin
    row = audit_rows("certificate.revoke").get()
    assert row.reason == "Data kehadiran dipalsukan" and row.after == {"status": "revoked"}
    with pytest.raises(ValidationError):
        services.revoke(actor=admin, certificate=cert, reason="lagi")
    # A revoked participant may be issued a fresh certificate again only by a new decision.
    assert services.issue(actor=admin, enrolment=enrolment).version == 2


def test_revoke_out_of_scope_changes_nothing():
    org = OrganisationFactory(province=province("32"))
    _, (enrolment,) = wave_with_participants(1, organisation=org)
    cert = services.issue(actor=AdminFactory(), enrolment=enrolment)
    with pytest.raises(PermissionDenied):
        services.revoke(
            actor=StaffFactory(scope_province=province("72")), certificate=cert, reason="x"
        )
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID
    assert not audit_rows("certificate.revoke").exists()


def test_reissue_supersedes_the_old_version(django_capture_on_commit_callbacks):
    admin = AdminFactory()
    _, (enrolment,) = wave_with_participants(1, admin=admin)
    old = services.issue(actor=admin, enrolment=enrolment)
    participant = enrolment.participant
    participant.full_name = "Siti Aminah"
    participant.save(update_fields=["full_name"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        new = services.reissue(actor=admin, certificate=old, reason="Ejaan nama diperbaiki")
    assert len(callbacks) == 1
    old.refresh_from_db()
    assert old.status == CertificateStatus.SUPERSEDED and old.superseded_by == new
    assert new.version == 2 and new.supersedes == old and new.is_valid
    assert new.content["name"] == "Siti Aminah" and old.content["name"] != "Siti Aminah"
    assert new.serial != old.serial and new.verification_code != old.verification_code
    row = audit_rows("certificate.reissue").get()
    assert row.reason == "Ejaan nama diperbaiki" and row.after["supersedes"] == old.serial


def test_visibility_holder_facilitator_staff():
    admin = AdminFactory()
    org = OrganisationFactory(province=province("32"))
    wave, (a, b) = wave_with_participants(2, admin=admin, organisation=org)
    cert = services.issue(actor=admin, enrolment=a)
    facilitator = FacilitatorFactory()
    from programmes.models import FacilitatorAssignment

    FacilitatorAssignment.objects.create(wave=wave, facilitator=facilitator)
    assert list(permissions.certificates_visible_to(a.participant)) == [cert]
    assert not permissions.certificates_visible_to(b.participant).exists()
    assert list(permissions.certificates_visible_to(facilitator)) == [cert]
    assert not permissions.certificates_visible_to(FacilitatorFactory()).exists()
    assert permissions.certificates_visible_to(StaffFactory(scope_province=province("32"))).exists()
    assert not permissions.certificates_visible_to(
        StaffFactory(scope_province=province("72"))
    ).exists()
    assert not permissions.certificates_changeable_by(facilitator).exists()


def test_settings_refuse_a_correctional_issuer():
    admin = AdminFactory()
    programme = open_programme()
    lapas = OrganisationFactory(name="Lapas Kelas IIA Uji", kind=OrganisationKind.LAPAS)
    with pytest.raises(ValidationError) as error:
        services.settings_save(actor=admin, programme=programme, issuer=lapas)
    assert "issuer" in error.value.error_dict
    assert not CertificateSettings.objects.exists()
    ministry = OrganisationFactory(name="Kementerian Koperasi", kind=OrganisationKind.MINISTRY)
    saved = services.settings_save(
        actor=admin,
        programme=programme,
        issuer=ministry,
        signatories=[{"name": "Budi", "position": "Deputi"}],
    )
    assert saved.issuer == ministry and saved.signatories.count() == 1
    assert audit_rows("certificate.settings").count() == 1


def test_settings_changed_only_by_programme_staff():
    programme = open_programme()
    with pytest.raises(PermissionDenied):
        services.settings_save(actor=FacilitatorFactory(), programme=programme, code="X")
    assert not CertificateSettings.objects.exists()
