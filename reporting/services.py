"""The writes of reporting: a reminder to participants on the at-risk list, in the app and
by e-mail where they have an address (assessments' notification service sends the e-mail
through Celery once the transaction commits), one audit row per participant reminded; and the
jobs of a large enrolment import (the people and enrolments themselves are written by the
account and enrolment services, with their audit rows, in ``imports.run``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import api as accounts
from assessments import api as assessments
from lms import audit

from . import imports, selectors, tasks
from .models import ImportJob

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


def import_job_start(*, actor, wave, content: bytes, kind: str, filename: str, language: str):
    """A sheet too large for the request: stored privately (``lms.files.upload_to``, served to
    nobody), a job for its owner, and its preview left to a worker once the job is committed.
    Only staff who may import into the wave."""
    if not imports.may_import(actor, wave):
        raise PermissionDenied("Only staff who see the wave import into it.")
    job = ImportJob(owner=actor, wave=wave, kind=kind, filename=filename[:200], language=language)
    job.file.save(f"lembar.{kind}", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            job.full_clean()
            job.save()
            transaction.on_commit(lambda: tasks.import_preview.delay(job.pk))
    except Exception:
        job.file.delete(save=False)
        raise
    return job


def import_job_confirm(*, actor, job: ImportJob) -> bool:
    """The owner's go-ahead for a clean preview. However often it is confirmed (two clicks, two
    tabs), only the first moves the job on and enqueues the import. Refused when the preview
    found problems or the owner may no longer import into the wave (the worker checks again).
    Returns whether this call started the import."""
    if job.owner_id != actor.pk or not imports.may_import(actor, job.wave):
        raise PermissionDenied("Only the job's owner, while the wave is theirs to import into.")
    if job.status == ImportJob.Status.PREVIEW and not job.confirmable:
        raise ValidationError(
            _("Pratinjau ini masih bermasalah. Perbaiki lembarnya lalu unggah lagi."),
            code="not_clean",
        )
    with transaction.atomic():
        moved = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEW).update(
            status=ImportJob.Status.IMPORTING
        )
        if moved:
            transaction.on_commit(lambda: tasks.import_run.delay(job.pk))
    return bool(moved)
