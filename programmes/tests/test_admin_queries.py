"""Every admin list runs the same number of queries whatever the number of rows: a page shows
50 rows and its figures (seats, head counts, province names) come with the page's own query,
never from a query per row. Checked for national and province-scoped staff, with caches cold
(cleared before the request) and warm, on data built through the services."""

import datetime
import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services as account_services
from accounts.factories import AdminFactory, StaffFactory, TraineeFactory
from organisations.constants import OrganisationKind
from organisations.factories import province
from programmes import services
from programmes.constants import ProgrammeKind
from programmes.factories import enrol

pytestmark = pytest.mark.django_db

LISTS = [
    "participants:index",
    "enrolments:index",
    "waves:index",
    "programmes:index",
    "organisations:index",
    "audit:index",
]
JAWA_BARAT, SULAWESI_TENGAH = "32", "72"
_serial = itertools.count(1)


def add_rows(admin, *, units: int) -> list:
    """``units`` times, for Jawa Barat and Sulawesi Tengah each: a cooperative, a programme it
    organises with one wave hosted at home and one in the other province, and two trainees from
    each province in every wave. Every row goes through its service (audit rows included), so
    each list grows by the same factor. Returns the programmes made, with their waves."""
    made = []
    for _unit in range(units):
        n = next(_serial)
        coops = {
            code: account_services.organisation_create(
                actor=admin,
                name=f"Koperasi Desa Merah Putih Uji Skala {code}-{n}",
                kind=OrganisationKind.VILLAGE_COOPERATIVE,
                province=province(code),
            )
            for code in (JAWA_BARAT, SULAWESI_TENGAH)
        }
        for home, away in ((JAWA_BARAT, SULAWESI_TENGAH), (SULAWESI_TENGAH, JAWA_BARAT)):
            programme = services.programme_create(
                actor=admin,
                title=f"Magang Pengurus Koperasi {home}-{n}",
                kind=ProgrammeKind.APPRENTICESHIP,
                organiser=coops[home],
            )
            waves = []
            for number, host in enumerate((coops[home], coops[away]), start=1):
                starts_on = datetime.date(2026, 1, 5) + datetime.timedelta(days=14 * next(_serial))
                wave = services.wave_create(
                    actor=admin,
                    programme=programme,
                    number=number,
                    starts_on=starts_on,
                    ends_on=starts_on + datetime.timedelta(days=5),
                    host_site=host,
                    capacity=38,
                )
                for coop in (coops[home], coops[away], coops[home], coops[away]):
                    enrol(wave, TraineeFactory(organisation=coop), actor=admin)
                waves.append(wave)
            made.append((programme, waves))
    return made


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def query_counts(client, url_names) -> dict[str, tuple[int, int]]:
    """Each list's queries with a cold cache (cleared just before) and then warm."""
    counts = {}
    for name in url_names:
        url = reverse(name)
        cache.clear()
        cold = _queries(client, url)
        warm = _queries(client, url)
        counts[name] = (cold, warm)
    return counts


def staff_user(kind: str):
    if kind == "national":
        return StaffFactory()
    return StaffFactory(scope_province=province(JAWA_BARAT))


@pytest.mark.parametrize("staff", ["national", "jawa_barat"])
def test_admin_lists_run_as_many_queries_on_three_times_the_rows_cold_and_warm(client, staff):
    admin = AdminFactory()
    add_rows(admin, units=1)
    client.force_login(staff_user(staff))
    for name in LISTS:  # per-process caches (content types, site) are not what is measured
        client.get(reverse(name))

    small = query_counts(client, LISTS)
    add_rows(admin, units=2)
    large = query_counts(client, LISTS)

    assert large == small, "queries per list (cold, warm): few rows vs three times as many"
