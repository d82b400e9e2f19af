import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.factories import AdminFactory, FacilitatorFactory, StaffFactory, TraineeFactory
from lms.audit import events_for
from organisations.factories import OrganisationFactory, province
from programmes import services
from programmes.constants import EnrolmentStatus
from programmes.factories import WaveFactory, enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return AdminFactory()


def test_enrolment_is_refused_when_the_wave_is_full(admin):
    wave = WaveFactory(capacity=2)
    enrol(wave, TraineeFactory(), actor=admin)
    enrol(wave, TraineeFactory(), actor=admin)
    with pytest.raises(ValidationError) as error:
        enrol(wave, TraineeFactory(), actor=admin)
    assert error.value.code == "wave_full"
    assert wave.enrolments.count() == 2


def test_withdrawn_participants_free_their_seat(admin):
    wave = WaveFactory(capacity=1)
    first = enrol(wave, TraineeFactory(), actor=admin)
    services.enrolment_change(
        actor=admin, enrolment=first, status=EnrolmentStatus.WITHDRAWN, reason="Sakit"
    )
    enrol(wave, TraineeFactory(), actor=admin)
    assert wave.enrolments.filter(status=EnrolmentStatus.ACTIVE).count() == 1


def test_a_participant_cannot_be_enrolled_twice_in_one_wave(admin):
    wave = WaveFactory()
    trainee = TraineeFactory()
    enrol(wave, trainee, actor=admin)
    with pytest.raises(ValidationError) as error:
        enrol(wave, trainee, actor=admin)
    assert error.value.code == "duplicate"


def test_overlapping_waves_are_refused_for_the_same_participant(admin):
    trainee = TraineeFactory()
    first = WaveFactory(starts_on=datetime.date(2025, 11, 15), ends_on=datetime.date(2025, 11, 22))
    clash = WaveFactory(starts_on=datetime.date(2025, 11, 20), ends_on=datetime.date(2025, 11, 21))
    later = WaveFactory(starts_on=datetime.date(2025, 11, 23), ends_on=datetime.date(2025, 11, 24))
    enrol(first, trainee, actor=admin)
    with pytest.raises(ValidationError) as error:
        enrol(clash, trainee, actor=admin)
    assert error.value.code == "dates_overlap"
    enrol(later, trainee, actor=admin)  # the day after is fine


def test_a_withdrawn_participant_is_re_enrolled_on_the_same_row_with_audit(admin):
    wave = WaveFactory()
    trainee = TraineeFactory()
    enrolment = enrol(wave, trainee, actor=admin)
    services.enrolment_change(
        actor=admin, enrolment=enrolment, status=EnrolmentStatus.WITHDRAWN, reason="Pindah tugas"
    )
    again = enrol(wave, trainee, actor=admin)
    assert again.pk == enrolment.pk
    assert again.status == EnrolmentStatus.ACTIVE
    actions = [
        (e.action, e.before and e.before["status"], e.after["status"], e.reason)
        for e in events_for(enrolment).order_by("id")
    ]
    assert actions == [
        ("enrolment.create", None, "active", ""),
        ("enrolment.change", "active", "withdrawn", "Pindah tugas"),
        ("enrolment.change", "withdrawn", "active", "Didaftarkan kembali."),
    ]
    assert all(e.actor == admin for e in events_for(enrolment))


def test_re_enrolment_still_respects_capacity(admin):
    wave = WaveFactory(capacity=1)
    trainee = TraineeFactory()
    enrolment = enrol(wave, trainee, actor=admin)
    services.enrolment_change(
        actor=admin, enrolment=enrolment, status=EnrolmentStatus.WITHDRAWN, reason="Sakit"
    )
    enrol(wave, TraineeFactory(), actor=admin)
    with pytest.raises(ValidationError):
        enrol(wave, trainee, actor=admin)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


def test_withdrawal_needs_a_reason_and_writes_nothing_without_one(admin):
    enrolment = enrol(WaveFactory(), TraineeFactory(), actor=admin)
    with pytest.raises(ValidationError) as error:
        services.enrolment_change(
            actor=admin, enrolment=enrolment, status=EnrolmentStatus.WITHDRAWN
        )
    assert "reason" in error.value.message_dict
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert events_for(enrolment).count() == 1


def test_status_changes_follow_the_allowed_transitions(admin):
    enrolment = enrol(WaveFactory(), TraineeFactory(), actor=admin, status=EnrolmentStatus.INVITED)
    with pytest.raises(ValidationError):
        services.enrolment_change(
            actor=admin, enrolment=enrolment, status=EnrolmentStatus.COMPLETED
        )
    services.enrolment_change(actor=admin, enrolment=enrolment, status=EnrolmentStatus.ACTIVE)
    services.enrolment_change(actor=admin, enrolment=enrolment, status=EnrolmentStatus.COMPLETED)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED


def test_only_trainees_can_be_enrolled(admin):
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(
            actor=admin,
            wave=WaveFactory(),
            participant=FacilitatorFactory(),
            organisation=OrganisationFactory(),
        )
    assert "participant" in error.value.message_dict


def test_regional_staff_cannot_enrol_people_from_another_province():
    jabar_staff = StaffFactory(scope_province=province("32"))
    wave = WaveFactory(host_site=OrganisationFactory(province=province("32")))
    sulteng_trainee = TraineeFactory(organisation=OrganisationFactory(province=province("72")))
    with pytest.raises(PermissionDenied):
        enrol(wave, sulteng_trainee, actor=jabar_staff)
    jabar_trainee = TraineeFactory(organisation=OrganisationFactory(province=province("32")))
    assert enrol(wave, jabar_trainee, actor=jabar_staff).pk


def test_trainees_and_facilitators_cannot_enrol_anyone():
    wave = WaveFactory()
    for actor in (TraineeFactory(), FacilitatorFactory()):
        with pytest.raises(PermissionDenied):
            enrol(wave, TraineeFactory(), actor=actor)


def test_enrolment_notifies_the_participant_once_after_commit(
    admin, mailoutbox, django_capture_on_commit_callbacks
):
    trainee = TraineeFactory(email="siti@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrol(WaveFactory(), trainee, actor=admin)
    enrolment.refresh_from_db()
    assert enrolment.notified_at is not None
    assert [m.to for m in mailoutbox] == [["siti@example.org"]]
    from programmes.tasks import enrolment_notify

    assert enrolment_notify(enrolment.pk) is False  # idempotent: a second run sends nothing
    assert len(mailoutbox) == 1


def test_wave_capacity_cannot_drop_below_the_seats_taken(admin):
    wave = WaveFactory(capacity=3)
    enrol(wave, TraineeFactory(), actor=admin)
    enrol(wave, TraineeFactory(), actor=admin)
    wave.capacity = 1
    with pytest.raises(ValidationError) as error:
        wave.full_clean()
    assert "capacity" in error.value.message_dict


def test_wave_end_before_start_is_refused():
    wave = WaveFactory.build(
        starts_on=datetime.date(2025, 11, 22), ends_on=datetime.date(2025, 11, 15)
    )
    with pytest.raises(ValidationError) as error:
        wave.full_clean(exclude=["programme", "host_site"])
    assert "ends_on" in error.value.message_dict
