"""The admin's participant, enrolment and wave lists run the same number of queries whatever the
number of rows (each page is 50 rows; figures come from SQL annotations)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.factories import AdminFactory, StaffFactory, TraineeFactory
from demo import scale
from organisations.factories import OrganisationFactory, province
from programmes.factories import WaveFactory, enrol

pytestmark = pytest.mark.django_db

PAGES = ["participants:index", "enrolments:index", "waves:index", "programmes:index"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", PAGES)
def test_admin_lists_query_count_is_flat_as_rows_grow(client, url_name):
    admin = AdminFactory()
    staff = StaffFactory(scope_province=province("32"))
    coop = OrganisationFactory(province=province("32"))
    wave = WaveFactory(host_site=coop, capacity=500)
    for _i in range(3):
        enrol(wave, TraineeFactory(organisation=coop), actor=admin)
    url = reverse(url_name)
    client.force_login(staff)
    client.get(url)  # warm per-process caches (content types, site)
    small = _queries(client, url)

    scale.load(participants=300, programmes=4, waves=40, cooperatives=60)
    for _i in range(60):
        enrol(wave, TraineeFactory(organisation=coop), actor=admin)
    large = _queries(client, url)
    assert large == small, f"{url_name}: {small} queries with few rows, {large} with many"
