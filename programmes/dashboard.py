"""Panels on the staff's admin home (Wagtail's ``construct_homepage_panels`` hook): the waves
running and starting soon in the user's scope with seats taken out of capacity, and the latest
enrolment changes. Each panel is a Wagtail component with an ``order``; other apps add theirs
the same way, from their own ``wagtail_hooks.py``. Every figure comes from one query."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry

from accounts import api as accounts
from lms import timezones
from lms.actions import action_label, actor_label

from . import selectors
from .models import Wave
from .permissions import waves_visible_to

SOON_DAYS = 30
ROWS = 10


def _today(user) -> datetime.date:
    return timezone.now().astimezone(timezones.zone(accounts.staff_time_zone(user))).date()


class WavesPanel(Component):
    """Waves under way and starting within ``SOON_DAYS`` days, in the user's scope."""

    name = "lms-waves"
    order = 50
    template_name = "programmes/dashboard/waves.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        today = _today(user)
        waves = list(
            waves_visible_to(user)
            .filter(ends_on__gte=today, starts_on__lte=today + datetime.timedelta(days=SOON_DAYS))
            .select_related("programme", "host_site")
            .annotate(seats_taken=selectors.seats_taken())
            .order_by("starts_on", "number")[: ROWS * 2]
        )
        changeable = set(_allowed_pks(user, "change", [w.pk for w in waves]))
        rows = [
            {
                "wave": wave,
                "running": wave.starts_on <= today,
                "url": reverse(
                    "waves:edit" if wave.pk in changeable else "waves:inspect", args=[wave.pk]
                ),
            }
            for wave in waves
        ]
        return {
            "running": [r for r in rows if r["running"]][:ROWS],
            "soon": [r for r in rows if not r["running"]][:ROWS],
            "soon_days": SOON_DAYS,
            "index_url": reverse("waves:index"),
        }


def _allowed_pks(user, action: str, pks: list) -> list:
    """Which of these waves the user may change: one query for the panel."""
    if not pks:
        return []
    policy = policy_registry.get_by_type(Wave)
    return list(
        policy.instances_user_has_permission_for(user, action)
        .filter(pk__in=pks)
        .values_list("pk", flat=True)
    )


class EnrolmentChangesPanel(Component):
    """The latest enrolment changes the user may see in the audit trail, in their zone."""

    name = "lms-enrolment-changes"
    order = 60
    template_name = "programmes/dashboard/enrolment_changes.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        tz = accounts.staff_time_zone(user)
        events = list(
            accounts.audit_events_visible_to(user)
            .filter(action__startswith="enrolment.")
            .order_by("-created_at")[:ROWS]
        )
        return {
            "events": [
                {
                    "when": timezones.format_in_zone(e.created_at, tz),
                    "who": actor_label(e),
                    "what": action_label(e.action),
                    "target": e.target_repr,
                    "url": reverse("audit:inspect", args=[e.pk]),
                }
                for e in events
            ],
            "index_url": reverse("audit:index") + "?action=enrolment.",
        }


def staff_panels(request) -> list[Component]:
    """The programme panels for programme staff and administrators; none for editors."""
    scope = accounts.scope_of(request.user)
    if not scope.staff:
        return []
    return [WavesPanel(request), EnrolmentChangesPanel(request)]
