import datetime as dt

import pytest
from django.utils import timezone

from accounts.factories import AdminFactory, FacilitatorFactory, StaffFactory, TraineeFactory
from attendance.factories import SessionFactory
from organisations.factories import OrganisationFactory, province
from programmes import services as programme_services
from programmes.factories import WaveFactory, enrol


@pytest.fixture
def admin(db):
    return AdminFactory()


@pytest.fixture
def world(db, admin):
    """A Sulawesi Tengah wave with its facilitator, two trainees (one from Jawa Barat), a
    session under way; staff of Sulawesi Tengah (may change the wave), staff of Jawa Barat (see
    it because one of theirs attends, may not change it), another facilitator."""
    host = OrganisationFactory(province=province("72"), regency="Kota Palu")
    wave = WaveFactory(host_site=host, time_zone="Asia/Makassar")
    facilitator = FacilitatorFactory()
    programme_services.facilitator_assign(
        actor=admin, wave=wave, facilitator=facilitator, role="fasilitator"
    )
    local = TraineeFactory(organisation=OrganisationFactory(province=province("72")))
    jabar = TraineeFactory(organisation=OrganisationFactory(province=province("32")))
    e_local = enrol(wave, local, actor=admin)
    e_jabar = enrol(wave, jabar, actor=admin)
    session = SessionFactory(
        wave=wave, starts_at=timezone.now() - dt.timedelta(minutes=5), lesson_hours=2
    )

    class World:
        pass

    w = World()
    w.wave, w.session, w.facilitator = wave, session, facilitator
    w.local, w.jabar, w.e_local, w.e_jabar = local, jabar, e_local, e_jabar
    w.staff_sulteng = StaffFactory(scope_province=province("72"))
    w.staff_jabar = StaffFactory(scope_province=province("32"))
    w.other_facilitator = FacilitatorFactory()
    w.admin = admin
    return w
