"""The curriculum admin list runs the same number of queries whatever the number of entries,
for national and province-scoped staff, with caches cold and warm (the other admin lists are
checked the same way in programmes/tests/test_admin_queries.py)."""

import pytest
from django.urls import reverse

from accounts.factories import AdminFactory
from courses import services
from courses.factories import course
from programmes.tests.test_admin_queries import add_rows, query_counts, staff_user

pytestmark = pytest.mark.django_db

LISTS = ["curriculum:index"]


def add_curriculum(admin, made, courses) -> None:
    """Each programme uses the first course; each of its waves adds the second."""
    whole, per_wave = courses
    for programme, waves in made:
        services.curriculum_entry_create(actor=admin, programme=programme, course=whole)
        for wave in waves:
            services.curriculum_entry_create(
                actor=admin, programme=programme, wave=wave, course=per_wave
            )


@pytest.mark.parametrize("staff", ["national", "jawa_barat"])
def test_curriculum_list_runs_as_many_queries_on_three_times_the_rows_cold_and_warm(client, staff):
    admin = AdminFactory()
    courses = (course(title="Tata kelola", modules=0), course(title="Pembukuan", modules=0))
    add_curriculum(admin, add_rows(admin, units=1), courses)
    client.force_login(staff_user(staff))
    client.get(reverse(LISTS[0]))

    small = query_counts(client, LISTS)
    add_curriculum(admin, add_rows(admin, units=2), courses)
    large = query_counts(client, LISTS)

    assert large == small, "queries (cold, warm): few entries vs three times as many"
