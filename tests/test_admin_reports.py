"""Wagtail's own admin pages that list records across the country answer within scope: the
usage page of a wave names only the enrolments the viewer may see, and the nationwide site
history (and its export) is for national staff, not regional staff."""

import datetime

import pytest
from django.urls import reverse

from accounts.constants import ParticipantKind
from accounts.factories import AdminFactory, StaffFactory, TraineeFactory
from organisations.constants import OrganisationKind
from organisations.factories import OrganisationFactory, province
from programmes import services
from programmes.constants import ProgrammeKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def sulteng_wave_with_a_jabar_participant(django_capture_on_commit_callbacks):
    # Wagtail fills its reference index (what the usage page reads) after commit, for models
    # whose admin viewsets are registered (loading the URLs registers them).
    reverse("waves:index")
    with django_capture_on_commit_callbacks(execute=True):
        return _sulteng_wave_with_a_jabar_participant()


def _sulteng_wave_with_a_jabar_participant():
    admin = AdminFactory()
    sulteng = province("72")
    office = OrganisationFactory(
        name="Kanwil Sulteng", province=sulteng, kind=OrganisationKind.REGIONAL_OFFICE
    )
    palu = OrganisationFactory(name="Lapas Palu", province=sulteng, kind=OrganisationKind.LAPAS)
    programme = services.programme_create(
        actor=admin,
        title="Kewirausahaan Warga Binaan Sulteng",
        kind=ProgrammeKind.MENTORING,
        organiser=office,
    )
    start = datetime.date(2025, 12, 1)
    wave = services.wave_create(
        actor=admin,
        programme=programme,
        number=1,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=5),
        host_site=palu,
        capacity=30,
    )
    inmate = TraineeFactory(
        full_name="Rahasia Warga Binaan Palu",
        organisation=palu,
        participant_kind=ParticipantKind.INMATE,
    )
    jabar_person = TraineeFactory(full_name="Asep Jawa Barat", organisation=OrganisationFactory())
    services.enrolment_create(actor=admin, wave=wave, participant=inmate)
    services.enrolment_create(actor=admin, wave=wave, participant=jabar_person)
    return wave


def test_usage_of_a_visible_wave_hides_out_of_scope_enrolments(
    client, sulteng_wave_with_a_jabar_participant
):
    wave = sulteng_wave_with_a_jabar_participant
    client.force_login(StaffFactory(scope_province=province("32")))
    response = client.get(reverse("waves:usage", args=[wave.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Asep Jawa Barat" in html
    assert "Rahasia Warga Binaan Palu" not in html
    # The wave is theirs to read, not to change: no edit button leads to a refusal.
    assert reverse("waves:edit", args=[wave.pk]) not in html


def test_national_staff_see_every_enrolment_on_the_usage_page(
    client, sulteng_wave_with_a_jabar_participant
):
    wave = sulteng_wave_with_a_jabar_participant
    client.force_login(StaffFactory())
    html = client.get(reverse("waves:usage", args=[wave.pk])).content.decode()
    assert "Rahasia Warga Binaan Palu" in html


@pytest.mark.parametrize("query", ["", "?export=csv", "?export=xlsx"])
def test_regional_staff_get_no_nationwide_site_history(
    client, sulteng_wave_with_a_jabar_participant, query
):
    client.force_login(StaffFactory(scope_province=province("32")))
    response = client.get(reverse("wagtailadmin_reports:site_history") + query)
    assert response.status_code == 403
    assert b"Kewirausahaan" not in response.content
    results = client.get(reverse("wagtailadmin_reports:site_history_results"))
    assert results.status_code == 403


def test_national_staff_keep_the_site_history(client, sulteng_wave_with_a_jabar_participant):
    client.force_login(StaffFactory())
    assert client.get(reverse("wagtailadmin_reports:site_history")).status_code == 200


def test_a_wave_one_may_only_see_is_linked_to_its_read_only_page(
    client, sulteng_wave_with_a_jabar_participant
):
    wave = sulteng_wave_with_a_jabar_participant
    client.force_login(StaffFactory(scope_province=province("32")))
    html = client.get(reverse("waves:index")).content.decode()
    assert reverse("waves:inspect", args=[wave.pk]) in html
    assert reverse("waves:edit", args=[wave.pk]) not in html
    refused = client.get(reverse("waves:edit", args=[wave.pk]))
    assert refused.status_code == 403
    assert reverse("waves:inspect", args=[wave.pk]) in refused.content.decode()


def test_a_wave_one_may_change_is_linked_to_its_edit_page(
    client, sulteng_wave_with_a_jabar_participant
):
    wave = sulteng_wave_with_a_jabar_participant
    client.force_login(StaffFactory(scope_province=province("72")))
    html = client.get(reverse("waves:index")).content.decode()
    assert reverse("waves:edit", args=[wave.pk]) in html
