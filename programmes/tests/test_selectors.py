import pytest
from django.db.models import Q

from accounts.factories import AdminFactory, TraineeFactory
from organisations.factories import OrganisationFactory, province
from programmes import selectors, services
from programmes.constants import EnrolmentStatus
from programmes.factories import ProgrammeFactory, WaveFactory, enrol
from programmes.models import Programme, Wave

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return AdminFactory()


def _counts(enrolment_scope=None) -> dict[int, tuple[int, int]]:
    annotated = Programme.objects.annotate(
        **selectors.programme_counts(enrolment_scope=enrolment_scope)
    )
    return {p.pk: (p.wave_count, p.participant_count) for p in annotated}


def test_programme_head_count_is_people_holding_a_seat_each_counted_once(admin):
    programme = ProgrammeFactory()
    first, second = WaveFactory(programme=programme), WaveFactory(programme=programme)
    both_waves = TraineeFactory()
    enrol(first, both_waves, actor=admin)
    enrol(second, both_waves, actor=admin)
    enrol(second, TraineeFactory(), actor=admin, status=EnrolmentStatus.INVITED)
    services.enrolment_change(
        actor=admin,
        enrolment=enrol(first, TraineeFactory(), actor=admin),
        status=EnrolmentStatus.WITHDRAWN,
        reason="Pindah tugas ke luar daerah.",
    )
    elsewhere = WaveFactory()
    enrol(elsewhere, TraineeFactory(), actor=admin)
    without_waves = ProgrammeFactory()

    counts = _counts()

    assert counts[programme.pk] == (2, 2)
    assert counts[elsewhere.programme_id] == (1, 1)
    assert counts[without_waves.pk] == (0, 0)


def test_programme_head_count_for_regional_staff_counts_only_people_of_their_region(admin):
    programme = ProgrammeFactory()
    wave = WaveFactory(programme=programme)
    for code in ("32", "32", "72"):
        coop = OrganisationFactory(province=province(code))
        enrol(wave, TraineeFactory(organisation=coop), actor=admin)

    jawa_barat = Q(organisation__province=province("32"))

    assert _counts(jawa_barat)[programme.pk] == (1, 2)
    assert _counts()[programme.pk] == (1, 3)


def test_wave_seats_taken_leave_out_withdrawn_enrolments(admin):
    wave = WaveFactory()
    enrol(wave, TraineeFactory(), actor=admin)
    services.enrolment_change(
        actor=admin,
        enrolment=enrol(wave, TraineeFactory(), actor=admin),
        status=EnrolmentStatus.WITHDRAWN,
        reason="Sakit.",
    )
    WaveFactory()

    seats = dict(Wave.objects.annotate(n=selectors.seats_taken()).values_list("pk", "n"))

    assert seats[wave.pk] == 1
    assert sorted(seats.values()) == [0, 1]
