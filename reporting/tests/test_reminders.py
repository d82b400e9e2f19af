"""Reminders from the at-risk list: in the app for each participant reminded, e-mail on commit
where they have an address, one audit row each, once per day; out-of-scope people untouched."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.factories import AdminFactory, StaffFactory, TraineeFactory
from assessments.models import Notification
from lms.models import AuditEvent
from organisations.factories import province
from reporting import selectors

from .builders import two_region_programme

pytestmark = pytest.mark.django_db


def test_staff_remind_their_region_only(client, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    admin = AdminFactory()
    two_region_programme(sizes=(10, 6), admin=admin)
    everyone = list(selectors.at_risk(admin))
    jabar = StaffFactory(scope_province=province("32"))
    mine = [e for e in everyone if e.organisation.province.code == "32"]
    theirs = [e for e in everyone if e.organisation.province.code != "32"]
    assert mine and theirs
    mine[0].participant.email = "peserta@example.id"
    mine[0].participant.save(update_fields=["email"])
    client.force_login(jabar)
    audit_before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reporting_at_risk"), {"enrolment": [e.pk for e in mine + theirs]}
        )
    assert response.status_code == 302
    reminded = set(Notification.objects.filter(kind="reminder").values_list("user_id", flat=True))
    assert reminded == {e.participant_id for e in mine}
    assert AuditEvent.objects.count() - audit_before == len(mine)
    assert [m.to for m in mail.outbox] == [["peserta@example.id"]]
    # The same day again: nothing more.
    client.post(reverse("reporting_at_risk"), {"enrolment": [e.pk for e in mine]})
    assert Notification.objects.filter(kind="reminder").count() == len(mine)


def test_trainees_cannot_send_reminders(client):
    admin = AdminFactory()
    two_region_programme(sizes=(4, 2), admin=admin)
    ids = [e.pk for e in selectors.at_risk(admin)]
    client.force_login(TraineeFactory())
    client.post(reverse("reporting_at_risk"), {"enrolment": ids})
    assert not Notification.objects.filter(kind="reminder").exists()
