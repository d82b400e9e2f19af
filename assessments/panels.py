"""Panels for the role homes (``portal_trainee_panels``, ``portal_facilitator_panels``)."""

from __future__ import annotations

from django.db.models import Q
from wagtail.admin.ui.components import Component

from accounts import api as accounts
from programmes import api as programmes

from . import permissions, selectors
from .constants import SubmissionStatus

MAX_ROWS = 5


class TraineePanel(Component):
    template_name = "assessments/panels/trainee.html"
    order = 20

    def __init__(self, rows, notifications, logbooks):
        self.rows = rows
        self.notifications = notifications
        self.logbooks = logbooks

    def get_context_data(self, parent_context=None):
        return {"rows": self.rows, "notifications": self.notifications, "logbooks": self.logbooks}


class FacilitatorPanel(Component):
    template_name = "assessments/panels/facilitator.html"
    order = 20

    def __init__(self, rows, waves):
        self.rows = rows
        self.waves = waves

    def get_context_data(self, parent_context=None):
        return {"rows": self.rows, "waves": self.waves}


def trainee_panel(request):
    user = request.user
    if user.role != accounts.Role.TRAINEE:
        return None
    labels = dict(SubmissionStatus.choices)
    rows = list(
        selectors.my_assignments(user).filter(
            # Not yet graded; no submission at all is NULL, which "exclude" would drop too.
            Q(submission_status__isnull=True) | ~Q(submission_status=SubmissionStatus.GRADED)
        )[:MAX_ROWS]
    )
    for row in rows:
        row.status_label = labels.get(row.submission_status, "")
    notifications = list(
        user.assessment_notifications.filter(read_at__isnull=True).order_by("-created_at")[:5]
    )
    logbooks = list(
        programmes.participant_enrolments(participant=user).filter(wave__programme__kind="magang")[
            :2
        ]
    )
    if not rows and not notifications and not logbooks:
        return None
    return TraineePanel(rows, notifications, logbooks)


def facilitator_panel(request):
    user = request.user
    if user.role != accounts.Role.FACILITATOR:
        return None
    waves = list(permissions.waves_gradable_by(user).select_related("programme")[:4])
    if not waves:
        return None
    return FacilitatorPanel(selectors.backlog(user), waves)
