import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.factories import (
    AdminFactory,
    EditorFactory,
    FacilitatorFactory,
    StaffFactory,
    TraineeFactory,
)
from programmes.factories import ProgrammeFactory, WaveFactory, enrol
from programmes.models import FacilitatorAssignment

pytestmark = pytest.mark.django_db


def test_my_home_needs_login(client):
    response = client.get(reverse("portal:my-home"))
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


@pytest.mark.parametrize("factory", [StaffFactory, EditorFactory, AdminFactory])
def test_staff_editors_and_admins_are_sent_to_the_admin(client, factory):
    client.force_login(factory())
    response = client.get(reverse("portal:my-home"))
    assert response["Location"] == reverse("wagtailadmin_home")
    assert client.get(response["Location"]).status_code == 200


def test_trainee_home_shows_only_their_own_enrolments(client):
    admin = AdminFactory()
    mine = WaveFactory(programme=ProgrammeFactory(title="Program Saya"))
    theirs = WaveFactory(programme=ProgrammeFactory(title="Program Orang Lain"))
    me = TraineeFactory()
    enrol(mine, me, actor=admin)
    enrol(theirs, TraineeFactory(), actor=admin)
    client.force_login(me)
    html = client.get(reverse("portal:my-home")).content.decode()
    assert "Program Saya" in html and "Program Orang Lain" not in html


def test_facilitator_home_shows_only_assigned_waves(client):
    facilitator = FacilitatorFactory()
    assigned = WaveFactory(programme=ProgrammeFactory(title="Bimtek Ditugaskan"))
    WaveFactory(programme=ProgrammeFactory(title="Bimtek Lain"))
    FacilitatorAssignment.objects.create(wave=assigned, facilitator=facilitator)
    client.force_login(facilitator)
    html = client.get(reverse("portal:my-home")).content.decode()
    assert "Bimtek Ditugaskan" in html and "Bimtek Lain" not in html


def test_facilitator_home_runs_the_same_queries_for_one_or_many_waves(client):
    facilitator = FacilitatorFactory()
    admin = AdminFactory()

    def add_wave():
        wave = WaveFactory()
        FacilitatorAssignment.objects.create(wave=wave, facilitator=facilitator)
        enrol(wave, TraineeFactory(), actor=admin)

    add_wave()
    client.force_login(facilitator)
    client.get(reverse("portal:my-home"))  # warm caches (site, locale)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("portal:my-home"))
    for _i in range(12):
        add_wave()
    with CaptureQueriesContext(connection) as large:
        html = client.get(reverse("portal:my-home")).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    assert html.count("<tr>") == 14  # header row and 13 waves
