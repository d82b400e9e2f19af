import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.factories import FacilitatorFactory, StaffFactory, TraineeFactory
from organisations.factories import OrganisationFactory, province
from programmes.factories import ProgrammeFactory, WaveFactory
from programmes.models import Wave

pytestmark = pytest.mark.django_db


def _wave_data(programme, host, **overrides):
    data = {
        "programme": programme.pk,
        "number": 4,
        "capacity": 38,
        "starts_on": "2026-01-10",
        "ends_on": "2026-01-17",
        "time_zone": "",
        "host_site": host.pk,
        "venue": "Kopontren Al-Ittifaq",
        "sector": "Pertanian",
        "assignments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_staff_create_a_wave_and_its_time_zone_follows_the_host_province(client):
    staff = StaffFactory()
    host = OrganisationFactory(province=province("72"))  # Sulawesi Tengah: WITA
    programme = ProgrammeFactory()
    facilitator = FacilitatorFactory()
    client.force_login(staff)
    data = _wave_data(
        programme,
        host,
        assignments=inline_formset([{"facilitator": facilitator.pk, "role": "fasilitator"}]),
    )
    response = client.post(reverse("waves:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    wave = Wave.objects.get(programme=programme, number=4)
    assert wave.time_zone == "Asia/Makassar"
    assert list(wave.facilitators.all()) == [facilitator]


def test_a_wave_ending_before_it_starts_is_refused_with_a_message(client):
    client.force_login(StaffFactory())
    data = _wave_data(ProgrammeFactory(), OrganisationFactory(), ends_on="2026-01-01")
    response = client.post(reverse("waves:add"), data)
    assert response.status_code == 200
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
    assert not Wave.objects.filter(number=4).exists()


def test_only_facilitators_can_be_assigned_to_a_wave(client):
    client.force_login(StaffFactory())
    trainee = TraineeFactory()
    data = _wave_data(
        ProgrammeFactory(),
        OrganisationFactory(),
        assignments=inline_formset([{"facilitator": trainee.pk, "role": "fasilitator"}]),
    )
    response = client.post(reverse("waves:add"), data)
    assert response.status_code == 200
    row = response.context["form"].formsets["assignments"].forms[0]
    assert "facilitator" in row.errors
    assert not Wave.objects.filter(number=4).exists()


def test_the_wave_form_uses_choosers_not_a_list_of_every_user(client):
    client.force_login(StaffFactory())
    TraineeFactory(full_name="Nama Yang Tidak Boleh Muncul")
    wave = WaveFactory()
    html = client.get(reverse("waves:edit", args=[wave.pk])).content.decode()
    assert "Nama Yang Tidak Boleh Muncul" not in html
    assert "Pilih fasilitator" in html


def test_regional_staff_cannot_host_a_wave_outside_their_region(client):
    staff = StaffFactory(scope_province=province("32"))
    client.force_login(staff)
    palu = OrganisationFactory(province=province("72"))
    programme = ProgrammeFactory(organiser=OrganisationFactory(province=province("32")))
    response = client.post(reverse("waves:add"), _wave_data(programme, palu))
    assert response.status_code == 200
    assert "host_site" in response.context["form"].errors
    assert palu.name not in response.content.decode()
    assert not Wave.objects.filter(number=4).exists()


@pytest.mark.parametrize(
    "url_name",
    ["programmes:add", "waves:add", "enrolments:add", "participants:add", "organisations:add"],
)
def test_admin_forms_never_list_every_organisation_or_person(client, url_name):
    """Forms pick organisations and people through choosers, so a page stays small at national
    scale (tens of thousands of cooperatives)."""
    client.force_login(StaffFactory())
    OrganisationFactory(name="Koperasi Yang Tidak Boleh Didaftar")
    TraineeFactory(full_name="Nama Yang Tidak Boleh Muncul")
    html = client.get(reverse(url_name)).content.decode()
    assert "Koperasi Yang Tidak Boleh Didaftar" not in html
    assert "Nama Yang Tidak Boleh Muncul" not in html
