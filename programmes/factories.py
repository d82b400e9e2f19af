import datetime

import factory

from accounts.factories import AdminFactory
from organisations.constants import OrganisationKind
from organisations.factories import OrganisationFactory

from . import services
from .constants import EnrolmentStatus, ProgrammeKind
from .models import Enrolment, Programme, Wave


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    title = factory.Sequence(lambda n: f"Magang Pengurus Koperasi {n}")
    kind = ProgrammeKind.APPRENTICESHIP
    organiser = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.MINISTRY)


class WaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wave

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts_on = factory.Sequence(
        lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=10 * n)
    )
    ends_on = factory.LazyAttribute(lambda w: w.starts_on + datetime.timedelta(days=7))
    host_site = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.PESANTREN_COOPERATIVE)
    venue = "Aula pelatihan"
    capacity = 38


def enrol(wave: Wave, participant, *, actor=None, status=EnrolmentStatus.ACTIVE) -> Enrolment:
    """Enrol through the real service (as a national administrator unless an actor is given)."""
    if actor is None:
        actor = AdminFactory()
    return services.enrolment_create(actor=actor, wave=wave, participant=participant, status=status)
