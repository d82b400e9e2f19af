"""The grading queue, the gradebook and the trainee's assignment list run the same number of
queries at 38 and at 1,000 participants × 10 assignments (× 2 versions each)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.factories import AdminFactory, FacilitatorFactory
from assessments.factories import bulk_cohort
from programmes import services as programme_services
from programmes.factories import WaveFactory

pytestmark = pytest.mark.django_db


def _cohort(n):
    admin = AdminFactory()
    wave = WaveFactory(capacity=2000)
    facilitator = FacilitatorFactory()
    programme_services.facilitator_assign(
        actor=admin, wave=wave, facilitator=facilitator, role="fasilitator"
    )
    users, assignments = bulk_cohort(wave, n)
    return wave, facilitator, users


def _count(client, user, url):
    client.force_login(user)
    client.get(url)  # warm: session, content types
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def cohorts(db):
    return _cohort(38), _cohort(1000)


def test_pages_take_the_same_queries_at_38_and_1000(client, cohorts):
    (small_wave, small_fac, small_users), (big_wave, big_fac, big_users) = cohorts
    counts = {}
    for label, wave, facilitator, users in (
        ("small", small_wave, small_fac, small_users),
        ("big", big_wave, big_fac, big_users),
    ):
        counts[label] = {
            "queue": _count(client, facilitator, reverse("assessments:queue")),
            "queue_graded": _count(
                client, facilitator, reverse("assessments:queue") + "?status=graded&page=3"
            ),
            "gradebook": _count(
                client, facilitator, reverse("assessments:gradebook", args=[wave.pk])
            ),
            "grade_page": _count(
                client,
                facilitator,
                reverse(
                    "assessments:grade",
                    args=[users[0].assessment_submissions.first().pk],
                ),
            ),
            "mine": _count(client, users[5], reverse("assessments:mine")),
            "home": _count(client, users[5], reverse("portal:my-home")),
            "facilitator_home": _count(client, facilitator, reverse("portal:my-home")),
        }
    print(counts)  # noqa: T201 - the figures, for the README (pytest -s)
    assert counts["small"] == counts["big"]
    assert counts["big"]["queue"] <= 12
    assert counts["big"]["gradebook"] <= 12
    assert counts["big"]["mine"] <= 10
