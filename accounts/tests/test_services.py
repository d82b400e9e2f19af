import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import services
from accounts.constants import EDITOR_GROUP, STAFF_GROUP, ParticipantKind, Role
from accounts.factories import AdminFactory, StaffFactory, TraineeFactory
from accounts.models import User
from lms.models import AuditEvent
from organisations.factories import OrganisationFactory, province

pytestmark = pytest.mark.django_db


def test_usernames_come_from_names_and_are_numbered_when_taken():
    TraineeFactory(username="siti.rahma")
    assert services.usernames_generate(["Siti Rahma", "Siti Rahma", "Sutrisno", "  "]) == [
        "siti.rahma2",
        "siti.rahma3",
        "sutrisno",
        "peserta",
    ]


def test_bulk_creation_makes_accounts_without_contact_data_or_passwords():
    staff = StaffFactory(scope_province=province("32"))
    unit = OrganisationFactory(province=province("32"))
    created = services.participants_bulk_create(
        actor=staff,
        full_names=["Sutrisno", "Asep Saputra", "", "Sutrisno"],
        organisation=unit,
        participant_kind=ParticipantKind.INMATE,
    )
    users = [item.user for item in created]
    assert [u.username for u in users] == ["sutrisno", "asep.saputra", "sutrisno2"]
    assert all(not u.has_usable_password() and u.email == "" and u.phone == "" for u in users)
    assert all(u.role == Role.TRAINEE and u.organisation == unit for u in users)
    assert AuditEvent.objects.filter(action="user.create", province_code="32").count() == 3


def test_regional_staff_cannot_create_accounts_outside_their_region():
    staff = StaffFactory(scope_province=province("32"))
    with pytest.raises(PermissionDenied):
        services.participants_bulk_create(
            actor=staff,
            full_names=["Rusdi"],
            organisation=OrganisationFactory(province=province("72")),
            participant_kind=ParticipantKind.INMATE,
        )
    assert not User.objects.filter(full_name="Rusdi").exists()


def test_only_administrators_create_staff_accounts():
    with pytest.raises(PermissionDenied):
        services.user_create(actor=StaffFactory(), full_name="Baru", role=Role.STAFF)
    user = services.user_create(actor=AdminFactory(), full_name="Baru", role=Role.STAFF)
    assert list(user.groups.values_list("name", flat=True)) == [STAFF_GROUP]


def test_roles_get_their_groups_and_admins_are_superusers():
    editor = services.user_create(actor=None, full_name="Editor", role=Role.EDITOR)
    assert editor.groups.filter(name=EDITOR_GROUP).exists()
    admin = services.user_create(actor=None, full_name="Admin", role=Role.ADMIN)
    assert admin.is_superuser
    trainee = TraineeFactory()
    assert not trainee.groups.exists()
    assert Group.objects.get(name=STAFF_GROUP).permissions.filter(codename="access_admin").exists()


def test_only_staff_can_have_a_regional_scope_and_never_two():
    with pytest.raises(ValidationError):
        services.user_create(
            actor=None, full_name="X", role=Role.TRAINEE, scope_province=province("32")
        )
    with pytest.raises(ValidationError):
        services.user_create(
            actor=None,
            full_name="X",
            role=Role.STAFF,
            scope_province=province("32"),
            scope_organisation=OrganisationFactory(),
        )


def test_email_is_unique_without_regard_to_case():
    TraineeFactory(email="ani@example.org")
    with pytest.raises(ValidationError):
        TraineeFactory(email="ANI@example.org")
