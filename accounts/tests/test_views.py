import pytest
from django.urls import reverse

from accounts.factories import StaffFactory, TraineeFactory
from accounts.models import User
from organisations.factories import OrganisationFactory, province

pytestmark = pytest.mark.django_db


def test_staff_create_inmate_accounts_in_bulk_and_see_the_usernames(client):
    staff = StaffFactory(scope_province=province("32"))
    unit = OrganisationFactory(name="Koperasi WB Lapas Garut", province=province("32"))
    client.force_login(staff)
    response = client.post(
        reverse("participants:bulk_create"),
        {
            "organisation": unit.pk,
            "participant_kind": "inmate",
            "names": "Sutrisno\nAsep Saputra\n\n",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "sutrisno" in html and "asep.saputra" in html
    assert User.objects.filter(organisation=unit, participant_kind="inmate").count() == 2


def test_bulk_creation_refuses_an_organisation_outside_the_region(client):
    staff = StaffFactory(scope_province=province("32"))
    palu = OrganisationFactory(province=province("72"))
    client.force_login(staff)
    response = client.post(
        reverse("participants:bulk_create"),
        {"organisation": palu.pk, "participant_kind": "inmate", "names": "Rusdi"},
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(full_name="Rusdi").exists()


def test_trainees_cannot_open_bulk_creation(client):
    client.force_login(TraineeFactory())
    response = client.get(reverse("participants:bulk_create"))
    assert response.status_code in (302, 403)
