"""Organisations are created and changed through services, within the actor's scope, with one
audit row each."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import services
from accounts.factories import StaffFactory, TraineeFactory
from lms.models import AuditEvent
from organisations.constants import OrganisationKind
from organisations.factories import OrganisationFactory, province

pytestmark = pytest.mark.django_db


def test_province_staff_create_in_their_province_only():
    staff = StaffFactory(scope_province=province("32"))
    org = services.organisation_create(
        actor=staff,
        name="Kopdes Baru",
        kind=OrganisationKind.VILLAGE_COOPERATIVE,
        province=province("32"),
    )
    assert (
        AuditEvent.objects.get(action="organisation.create", target_id=str(org.pk)).actor == staff
    )
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=staff,
            name="Kopdes Palu",
            kind=OrganisationKind.VILLAGE_COOPERATIVE,
            province=province("72"),
        )


def test_moving_an_organisation_out_of_the_staff_province_is_refused():
    staff = StaffFactory(scope_province=province("32"))
    org = OrganisationFactory(province=province("32"))
    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=staff, organisation=org, province=province("72"))
    org.refresh_from_db()
    assert org.province.code == "32"


def test_organisation_scoped_staff_create_only_under_their_tree():
    office = OrganisationFactory(name="Kanwil", kind=OrganisationKind.REGIONAL_OFFICE)
    staff = StaffFactory(scope_organisation=office)
    unit = services.organisation_create(
        actor=staff,
        name="Lapas Baru",
        kind=OrganisationKind.LAPAS,
        province=office.province,
        parent=office,
    )
    assert unit.parent == office
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=staff, name="Lepas", kind=OrganisationKind.LAPAS, province=office.province
        )


def test_an_organisation_in_use_is_not_deleted():
    staff = StaffFactory()
    org = OrganisationFactory()
    TraineeFactory(organisation=org)
    with pytest.raises(ValidationError):
        services.organisation_delete(actor=staff, organisation=org)
    assert org.__class__.objects.filter(pk=org.pk).exists()


def test_renaming_writes_before_and_after():
    staff = StaffFactory()
    org = OrganisationFactory(name="Nama Lama")
    services.organisation_update(actor=staff, organisation=org, name="Nama Baru")
    event = AuditEvent.objects.get(action="organisation.update")
    assert (event.before, event.after) == ({"name": "Nama Lama"}, {"name": "Nama Baru"})
