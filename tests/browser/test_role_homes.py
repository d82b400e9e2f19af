"""Each role logs in through the real form in Chromium and lands on its own home."""

import pytest

from accounts.factories import (
    PASSWORD,
    AdminFactory,
    EditorFactory,
    FacilitatorFactory,
    StaffFactory,
    TraineeFactory,
)
from organisations.factories import province

from .conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROLES = [
    (TraineeFactory, "/beranda-saya/", "Beranda saya"),
    (FacilitatorFactory, "/beranda-saya/", "Kelompok saya"),
    (StaffFactory, "/admin/", "Dasbor"),
    (EditorFactory, "/admin/", "Dasbor"),
    (AdminFactory, "/admin/", "Dasbor"),
]


def test_every_role_reaches_its_home(page, live_server):
    for factory, path, heading in ROLES:
        user = factory()
        login(page, live_server, user.username, PASSWORD)
        assert page.url == f"{live_server.url}{path}", (factory.__name__, page.url)
        assert heading in page.content(), factory.__name__
        page.context.clear_cookies()


def test_scoped_staff_sees_only_their_region_in_the_browser(page, live_server):
    from organisations.factories import OrganisationFactory
    from programmes.factories import WaveFactory, enrol

    admin = AdminFactory()
    wave = WaveFactory(host_site=OrganisationFactory(province=province("32")))
    enrol(
        wave,
        TraineeFactory(
            full_name="Cecep Jabar", organisation=OrganisationFactory(province=province("32"))
        ),
        actor=admin,
    )
    enrol(
        wave,
        TraineeFactory(
            full_name="Wayan Bali", organisation=OrganisationFactory(province=province("51"))
        ),
        actor=admin,
    )
    staff = StaffFactory(scope_province=province("32"))
    login(page, live_server, staff.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/participants/")
    assert "Cecep Jabar" in page.content()
    assert "Wayan Bali" not in page.content()


def test_a_trainee_is_kept_out_of_the_admin(page, live_server):
    trainee = TraineeFactory()
    login(page, live_server, trainee.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/")
    assert "/admin/" not in page.url or "login" in page.url
    assert "Dasbor" not in page.content()
