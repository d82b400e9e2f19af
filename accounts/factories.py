import factory

from organisations.factories import OrganisationFactory

from . import services
from .constants import ParticipantKind, Role
from .models import User

PASSWORD = "kata-sandi-uji-123"  # noqa: S105 - test and demo accounts only


class UserFactory(factory.django.DjangoModelFactory):
    """Users built through accounts.services.user_create, so groups and audit rows are real."""

    class Meta:
        model = User

    full_name = factory.Faker("name", locale="id_ID")
    role = Role.TRAINEE
    organisation = None
    participant_kind = ""
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.user_create(actor=None, **kwargs)


class TraineeFactory(UserFactory):
    role = Role.TRAINEE
    participant_kind = ParticipantKind.BOARD_MEMBER
    organisation = factory.SubFactory(OrganisationFactory)


class FacilitatorFactory(UserFactory):
    role = Role.FACILITATOR


class StaffFactory(UserFactory):
    role = Role.STAFF
    scope_province = None
    scope_organisation = None


class EditorFactory(UserFactory):
    role = Role.EDITOR


class AdminFactory(UserFactory):
    role = Role.ADMIN
