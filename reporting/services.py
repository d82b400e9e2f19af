"""The one write of reporting: a reminder to participants on the at-risk list, in the app and
by e-mail where they have an address (assessments' notification service sends the e-mail
through Celery once the transaction commits). One audit row per participant reminded."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import api as accounts
from assessments import api as assessments
from lms import audit

from . import selectors

REMINDER_KIND = "reminder"


@transaction.atomic
def remind(*, actor, enrolment_ids: Iterable[int], now=None) -> int:
    """Remind the given participants, if they are on the actor's at-risk list (anyone else,
    out of scope or not at risk, is left alone). At most one reminder per person, wave and day.
    Returns the number of reminders written."""
    if not accounts.scope_of(actor).staff:
        raise PermissionDenied("Only programme staff send reminders.")
    now = now or timezone.now()
    ids = {int(i) for i in enrolment_ids}
    rows = list(selectors.at_risk(actor, now=now).filter(pk__in=ids)) if ids else []
    by_wave: dict[int, list] = {}
    for e in rows:
        by_wave.setdefault(e.wave_id, []).append(e)
    sent = []
    for wave_id, enrolments in by_wave.items():
        wave = enrolments[0].wave
        message = _(
            "Pengingat dari staf program %(programme)s: kehadiran, tugas wajib atau logbook "
            "Anda perlu perhatian agar dapat menyelesaikan gelombang %(number)s."
        ) % {"programme": wave.programme.title, "number": wave.number}
        notes = assessments.notify(
            users=[e.participant for e in enrolments],
            kind=REMINDER_KIND,
            message=message,
            url="/beranda-saya/",
            key=f"reminder-{wave_id}-{now.date().isoformat()}",
        )
        reached = {n.user_id for n in notes}
        sent.extend(e for e in enrolments if e.participant_id in reached)
    if sent:
        audit.record_many(
            actor=actor,
            action="reporting.reminder",
            entries=[
                {
                    "target": e,
                    "after": {"reminder": True},
                    "province_code": e.organisation.province.code,
                    "organisation_id": e.organisation_id,
                }
                for e in sent
            ],
        )
    return len(sent)
