import datetime as dt
import itertools

import factory
from django.utils import timezone

from accounts.constants import ParticipantKind, Role
from accounts.models import User
from organisations.factories import OrganisationFactory
from programmes.constants import EnrolmentStatus
from programmes.factories import WaveFactory
from programmes.models import Enrolment

from .models import Session

_bulk = itertools.count(1)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    wave = factory.SubFactory(WaveFactory)
    kind = "lecture"
    title = factory.Sequence(lambda n: f"Materi {n}")
    venue = "Aula"
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(minutes=5))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(hours=2))
    lesson_hours = 2


def bulk_roster(wave, n: int, *, organisation=None) -> list[Enrolment]:
    """``n`` active participants in ``wave``, inserted in bulk (for query-count tests at 38
    and at 1,000 participants; people built one by one through the service take minutes)."""
    organisation = organisation or OrganisationFactory()
    batch = next(_bulk)
    users = User.objects.bulk_create(
        [
            User(
                username=f"bulk-{organisation.pk}-{batch}-{i}",
                full_name=f"Peserta {batch}-{i:04d}",
                role=Role.TRAINEE,
                participant_kind=ParticipantKind.BOARD_MEMBER,
                organisation=organisation,
                password="!",  # noqa: S106 - unusable: these people never log in
            )
            for i in range(n)
        ]
    )
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                wave=wave, participant=u, organisation=organisation, status=EnrolmentStatus.ACTIVE
            )
            for u in users
        ]
    )
    return list(Enrolment.objects.filter(wave=wave, organisation=organisation).order_by("pk"))
