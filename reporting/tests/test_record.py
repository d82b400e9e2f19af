"""The participant record outside the admin: the participant's facilitators see it (their
waves only), other facilitators and trainees get 404; the facilitator home lists their at-risk
participants with links to it."""

import pytest
from django.urls import reverse

from accounts.factories import AdminFactory, FacilitatorFactory, StaffFactory
from organisations.factories import province
from programmes.models import Enrolment, FacilitatorAssignment

from .builders import two_region_programme

pytestmark = pytest.mark.django_db


def test_facilitators_see_their_waves_participants_only(client):
    admin = AdminFactory()
    _, w1, w2, *_ = two_region_programme(sizes=(6, 4), admin=admin)
    mine = FacilitatorFactory()
    FacilitatorAssignment.objects.create(wave=w1, facilitator=mine)
    person = Enrolment.objects.filter(wave=w1).first().participant
    stranger = Enrolment.objects.filter(wave=w2).first().participant
    client.force_login(mine)
    page = client.get(reverse("reporting:participant", args=[person.pk]))
    assert page.status_code == 200 and person.full_name in page.content.decode()
    assert client.get(reverse("reporting:participant", args=[stranger.pk])).status_code == 404
    client.force_login(FacilitatorFactory())
    assert client.get(reverse("reporting:participant", args=[person.pk])).status_code == 404
    client.force_login(person)
    assert client.get(reverse("reporting:participant", args=[person.pk])).status_code == 404
    client.force_login(StaffFactory(scope_province=province("51")))
    assert client.get(reverse("reporting:participant", args=[person.pk])).status_code == 404


def test_facilitator_home_lists_their_at_risk_participants(client):
    admin = AdminFactory()
    _, w1, *_ = two_region_programme(sizes=(10, 5), admin=admin)
    mine = FacilitatorFactory()
    FacilitatorAssignment.objects.create(wave=w1, facilitator=mine)
    client.force_login(mine)
    html = client.get("/beranda-saya/").content.decode()
    assert "Peserta yang perlu perhatian" in html
    assert reverse("reporting:participant", args=[0]).rsplit("0/", 1)[0] in html
