import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.factories import AdminFactory, FacilitatorFactory, TraineeFactory
from assessments.constants import Mode
from assessments.factories import AssignmentFactory, RubricFactory
from organisations.factories import OrganisationFactory
from programmes import services as programme_services
from programmes.factories import WaveFactory, enrol


@pytest.fixture(autouse=True)
def _indonesian_first():
    """Each test starts in Indonesian: a request under /en/ leaves English active in the
    thread, and reverse() would then give /en/ addresses to the next test."""
    from django.utils import translation

    translation.activate("id")
    yield
    translation.activate("id")


@pytest.fixture
def world(db):
    """A wave with a facilitator and a mentor, two members of cooperative A, one of B, an
    individual assignment with a rubric and a per-cooperative one; and a second wave with its
    own facilitator and trainee."""
    admin = AdminFactory()
    wave = WaveFactory(starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2026, 12, 20))
    other_wave = WaveFactory(starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2026, 12, 20))
    facilitator = FacilitatorFactory()
    mentor = FacilitatorFactory()
    outsider = FacilitatorFactory()
    programme_services.facilitator_assign(
        actor=admin, wave=wave, facilitator=facilitator, role="fasilitator"
    )
    programme_services.facilitator_assign(
        actor=admin, wave=wave, facilitator=mentor, role="pendamping"
    )
    programme_services.facilitator_assign(
        actor=admin, wave=other_wave, facilitator=outsider, role="fasilitator"
    )
    coop_a = OrganisationFactory()
    coop_b = OrganisationFactory()
    a1 = TraineeFactory(organisation=coop_a)
    a2 = TraineeFactory(organisation=coop_a)
    b1 = TraineeFactory(organisation=coop_b)
    stranger = TraineeFactory()
    for person in (a1, a2, b1):
        enrol(wave, person, actor=admin)
    enrol(other_wave, stranger, actor=admin)
    rubric = RubricFactory()
    individual = AssignmentFactory(wave=wave, title="Rencana Bisnis", rubric=rubric)
    team = AssignmentFactory(wave=wave, title="Draf AD/ART", mode=Mode.TEAM)
    other = AssignmentFactory(wave=other_wave, title="Refleksi")
    return SimpleNamespace(
        admin=admin,
        wave=wave,
        other_wave=other_wave,
        facilitator=facilitator,
        mentor=mentor,
        outsider=outsider,
        coop_a=coop_a,
        coop_b=coop_b,
        a1=a1,
        a2=a2,
        b1=b1,
        stranger=stranger,
        rubric=rubric,
        individual=individual,
        team=team,
        other=other,
        now=timezone.now(),
    )
