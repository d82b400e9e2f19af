"""Panels for the role homes (``portal_facilitator_panels``, ``portal_trainee_panels``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.admin.ui.components import Component

from accounts import api as accounts
from programmes import api as programmes

from . import permissions, selectors

UPCOMING_DAYS = 7
MAX_SESSIONS = 10
MAX_COHORTS = 4
MAX_AT_RISK = 10


class FacilitatorPanel(Component):
    template_name = "attendance/panels/facilitator.html"
    order = 10

    def __init__(self, sessions, cohorts):
        self.sessions = sessions
        self.cohorts = cohorts

    def get_context_data(self, parent_context=None):
        return {"sessions": self.sessions, "cohorts": self.cohorts}


class TraineePanel(Component):
    template_name = "attendance/panels/trainee.html"
    order = 10

    def __init__(self, rows, upcoming):
        self.rows = rows
        self.upcoming = upcoming

    def get_context_data(self, parent_context=None):
        return {"rows": self.rows, "upcoming": self.upcoming}


def facilitator_panel(request):
    user = request.user
    if user.role != accounts.Role.FACILITATOR:
        return None
    now = timezone.now()
    start_of_today = now - dt.timedelta(hours=14)
    sessions = list(
        permissions.sessions_markable_by(user)
        .filter(ends_at__gte=start_of_today, starts_at__lte=now + dt.timedelta(days=UPCOMING_DAYS))
        .select_related("wave__programme")
        .order_by("starts_at")[:MAX_SESSIONS]
    )
    today = timezone.localdate()
    waves = list(
        programmes.facilitator_waves(facilitator=user).filter(
            starts_on__lte=today + dt.timedelta(days=UPCOMING_DAYS),
            ends_on__gte=today - dt.timedelta(days=30),
        )[:MAX_COHORTS]
    )
    cohorts = []
    for wave in waves:  # at most MAX_COHORTS, a fixed number of queries each
        total = selectors.wave_total(wave)
        at_risk = list(selectors.wave_rates(wave).filter(at_risk=True)[:MAX_AT_RISK])
        missed = selectors.missed_sessions(at_risk)
        for row in at_risk:
            row.missed = missed.get(row.pk, [])
        cohorts.append({"wave": wave, "total": total, "at_risk": at_risk})
    if not sessions and not cohorts:
        return None
    return FacilitatorPanel(sessions, cohorts)


def trainee_panel(request):
    user = request.user
    if user.role != accounts.Role.TRAINEE:
        return None
    enrolments = programmes.participant_enrolments(participant=user)
    rows = list(selectors.with_rates(enrolments)[:5])
    if not rows:
        return None
    now = timezone.now()
    upcoming = list(selectors.sessions_for_user(user).filter(ends_at__gte=now)[:3])
    return TraineePanel(rows, upcoming)
