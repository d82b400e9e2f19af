"""Regional staff see only their region in every admin list, search, filter, chooser, export
and object view; trainees and facilitators never reach the admin."""

import pytest
from django.urls import reverse

from accounts.factories import (
    AdminFactory,
    FacilitatorFactory,
    StaffFactory,
    TraineeFactory,
)
from organisations.constants import OrganisationKind
from organisations.factories import OrganisationFactory, province
from programmes.factories import ProgrammeFactory, WaveFactory, enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """One wave hosted in Jawa Barat with a Jabar and a Banten participant, and one wave in
    Sulawesi Tengah with a Sulteng participant."""
    admin = AdminFactory()
    jabar, banten, sulteng = province("32"), province("36"), province("72")
    jabar_coop = OrganisationFactory(name="Kopdes Merah Putih Sukamaju", province=jabar)
    banten_coop = OrganisationFactory(name="Kopdes Merah Putih Serang", province=banten)
    sulteng_unit = OrganisationFactory(
        name="Lapas Kelas IIA Palu", province=sulteng, kind=OrganisationKind.LAPAS
    )
    jabar_wave = WaveFactory(
        programme=ProgrammeFactory(title="Magang Al-Ittifaq"),
        host_site=OrganisationFactory(name="Kopontren Al-Ittifaq", province=jabar),
    )
    sulteng_wave = WaveFactory(
        programme=ProgrammeFactory(
            title="Pendampingan Sulteng",
            organiser=OrganisationFactory(
                name="Kanwil Ditjenpas Sulteng",
                province=sulteng,
                kind=OrganisationKind.REGIONAL_OFFICE,
            ),
        ),
        host_site=OrganisationFactory(name="Kanwil Sulteng", province=sulteng),
    )
    people = {
        "jabar": TraineeFactory(full_name="Asep Jabar Sunandar", organisation=jabar_coop),
        "banten": TraineeFactory(full_name="Ujang Banten Hidayat", organisation=banten_coop),
        "sulteng": TraineeFactory(full_name="Rusdi Sulteng Lamaranti", organisation=sulteng_unit),
    }
    enrol(jabar_wave, people["jabar"], actor=admin)
    enrol(jabar_wave, people["banten"], actor=admin)
    enrol(sulteng_wave, people["sulteng"], actor=admin)
    staff = StaffFactory(username="staf.jabar", scope_province=jabar)
    return {
        "staff": staff,
        "people": people,
        "jabar_wave": jabar_wave,
        "sulteng_wave": sulteng_wave,
        "jabar_coop": jabar_coop,
    }


def _get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


LISTS = [
    "wagtailadmin_home",
    "participants:index",
    "enrolments:index",
    "waves:index",
    "programmes:index",
    "organisations:index",
    "audit:index",
]


@pytest.mark.parametrize("url_name", LISTS)
def test_jabar_staff_lists_show_only_jabar(client, world, url_name):
    client.force_login(world["staff"])
    html = _get(client, reverse(url_name))
    assert "Sulteng Lamaranti" not in html
    assert "Banten Hidayat" not in html
    assert "Pendampingan Sulteng" not in html
    assert "Lapas Kelas IIA Palu" not in html


def test_jabar_staff_see_their_own_participants_and_waves(client, world):
    client.force_login(world["staff"])
    assert "Asep Jabar Sunandar" in _get(client, reverse("participants:index"))
    assert "Asep Jabar Sunandar" in _get(client, reverse("enrolments:index"))
    assert "Magang Al-Ittifaq" in _get(client, reverse("waves:index"))


@pytest.mark.parametrize("url_name", ["participants:index", "enrolments:index"])
def test_jabar_staff_search_never_finds_other_regions(client, world, url_name):
    client.force_login(world["staff"])
    for term in ("Sulteng", "Banten", "Lamaranti", "Palu"):
        html = _get(client, reverse(url_name), q=term)
        assert "Rusdi Sulteng Lamaranti" not in html and "Ujang Banten Hidayat" not in html
    assert "Asep Jabar" in _get(client, reverse(url_name), q="Asep")


def test_jabar_staff_cannot_filter_their_way_to_other_provinces(client, world):
    client.force_login(world["staff"])
    html = _get(client, reverse("participants:index"), province=province("72").pk)
    assert "Lamaranti" not in html
    html = _get(client, reverse("enrolments:index"), programme=world["sulteng_wave"].programme_id)
    assert "Lamaranti" not in html


def test_jabar_staff_get_404_for_out_of_scope_records(client, world):
    client.force_login(world["staff"])
    sulteng = world["people"]["sulteng"]
    enrolment = sulteng.enrolments.get()
    for url in (
        reverse("participants:edit", args=[sulteng.pk]),
        reverse("participants:inspect", args=[sulteng.pk]),
        reverse("participants:history", args=[sulteng.pk]),
        reverse("enrolments:edit", args=[enrolment.pk]),
        reverse("enrolments:inspect", args=[enrolment.pk]),
        reverse("waves:edit", args=[world["sulteng_wave"].pk]),
        reverse("organisations:edit", args=[sulteng.organisation_id]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.get(reverse("participants:edit", args=[world["people"]["jabar"].pk])).status_code
        == 200
    )


def test_choosers_list_only_the_staff_members_region(client, world):
    client.force_login(world["staff"])
    html = _get(client, reverse("participant_chooser:choose"))
    assert "Asep Jabar" in html and "Lamaranti" not in html and "Banten Hidayat" not in html
    html = _get(client, reverse("participant_chooser:choose_results"), q="Rusdi")
    assert "Lamaranti" not in html
    sulteng = world["people"]["sulteng"]
    assert client.get(reverse("participant_chooser:chosen", args=[sulteng.pk])).status_code == 404
    html = _get(client, reverse("wave_chooser:choose"))
    assert "Magang Al-Ittifaq" in html and "Pendampingan Sulteng" not in html
    html = _get(client, reverse("organisation_chooser:choose"))
    assert "Sukamaju" in html and "Palu" not in html


def test_exports_are_scoped_too(client, world):
    client.force_login(world["staff"])
    response = client.get(reverse("enrolments:index"), {"export": "csv"})
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "Asep Jabar" in body and "Lamaranti" not in body and "Banten" not in body


def test_national_staff_see_every_region(client, world):
    client.force_login(StaffFactory())
    html = _get(client, reverse("participants:index"))
    assert all(name in html for name in ("Asep Jabar", "Banten Hidayat", "Lamaranti"))


def test_staff_cannot_open_administrators_user_management(client, world):
    client.force_login(world["staff"])
    response = client.get(reverse("wagtailusers_users:index"))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("factory", [TraineeFactory, FacilitatorFactory])
def test_trainees_and_facilitators_cannot_reach_the_admin(client, factory):
    client.force_login(factory())
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"]
    assert client.get(reverse("participants:index")).status_code in (302, 403)


def test_staff_enrol_through_the_admin_form_and_errors_are_shown(client, world):
    client.force_login(world["staff"])
    wave = world["jabar_wave"]
    wave.capacity = 2
    wave.save()
    newcomer = TraineeFactory(full_name="Iis Sukamaju", organisation=world["jabar_coop"])
    response = client.post(
        reverse("enrolments:add"),
        {"wave": wave.pk, "participant": newcomer.pk, "status": "active", "board_position": ""},
    )
    assert response.status_code == 200
    assert "penuh" in response.content.decode()
    assert not newcomer.enrolments.exists()
    wave.capacity = 3
    wave.save()
    response = client.post(
        reverse("enrolments:add"),
        {
            "wave": wave.pk,
            "participant": newcomer.pk,
            "status": "active",
            "board_position": "ketua",
        },
    )
    assert response.status_code == 302
    assert newcomer.enrolments.get().organisation == world["jabar_coop"]


def test_staff_cannot_pick_an_out_of_scope_participant_in_the_form(client, world):
    client.force_login(world["staff"])
    response = client.post(
        reverse("enrolments:add"),
        {
            "wave": world["jabar_wave"].pk,
            "participant": world["people"]["sulteng"].pk,
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert world["people"]["sulteng"].enrolments.count() == 1


def test_audit_trail_is_read_only_in_the_admin(client, world):
    client.force_login(AdminFactory())
    assert client.get(reverse("audit:index")).status_code == 200
    assert client.get("/admin/audit/new/").status_code in (403, 302, 404)


def test_staff_scoped_to_an_organisation_see_it_and_the_units_under_it(client):
    admin = AdminFactory()
    jabar = province("32")
    kanwil = OrganisationFactory(
        name="Kanwil Jabar", province=jabar, kind=OrganisationKind.REGIONAL_OFFICE
    )
    lapas = OrganisationFactory(
        name="Lapas Garut", province=jabar, kind=OrganisationKind.LAPAS, parent=kanwil
    )
    coop = OrganisationFactory(
        name="Koperasi WB Lapas Garut",
        province=jabar,
        kind=OrganisationKind.INMATES_COOPERATIVE,
        parent=lapas,
    )
    village = OrganisationFactory(
        name="Kopdes Sukamaju", province=jabar
    )  # same province, other tree
    wave = WaveFactory(host_site=lapas)
    enrol(wave, TraineeFactory(full_name="Warga Binaan Garut", organisation=coop), actor=admin)
    enrol(wave, TraineeFactory(full_name="Pengurus Sukamaju", organisation=village), actor=admin)
    client.force_login(StaffFactory(scope_organisation=kanwil))
    for url_name in ("participants:index", "enrolments:index"):
        html = _get(client, reverse(url_name))
        assert "Warga Binaan Garut" in html, url_name
        assert "Pengurus Sukamaju" not in html, url_name
    html = _get(client, reverse("organisations:index"))
    assert "Koperasi WB Lapas Garut" in html and "Kopdes Sukamaju" not in html
