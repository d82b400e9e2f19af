from __future__ import annotations

import logging
import re

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import imports
from .models import ExportJob, ImportJob

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def make_export(job_id: int) -> bool:
    """Make a large export as its owner. Idempotent: a finished job is left alone."""
    from . import exports

    job = ExportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.status != ExportJob.Status.PENDING:
        return False
    try:
        response = exports.build(job.owner, job.kind, job.params, job.fmt)
    except Exception:
        job.status = ExportJob.Status.FAILED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "finished_at"])
        raise
    match = re.search(r'filename="([^"]+)"', response.get("Content-Disposition", ""))
    job.filename = (match.group(1) if match else f"ekspor.{job.fmt}")[:200]
    job.content_type = response["Content-Type"]
    job.file.save(f"{job.pk}.{job.fmt}", ContentFile(exports.content_of(response)), save=False)
    job.status = ExportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "filename", "content_type", "status", "finished_at"])
    return True


# --- Large imports -----------------------------------------------------------------------------
#
# Both steps run as the job's owner, in the owner's language, through ``reporting.imports``
# (the same preview and run as the request), and change the job only from the state they expect
# (``filter(status=...).update``): a task delivered twice, or again after its worker died
# (``acks_late``), finds the job moved on and does nothing.


def _progress_key(job_id: int) -> str:
    return f"reporting-import-written-{job_id}"


def import_written_so_far(job: ImportJob) -> int:
    """Rows written by a running import. The import is one transaction, invisible to the page
    until it commits, so the worker reports its progress through the shared cache instead."""
    if job.status == ImportJob.Status.IMPORTING:
        return int(cache.get(_progress_key(job.pk)) or 0)
    return job.rows_written


def _load(job_id: int, status: str) -> ImportJob | None:
    return (
        ImportJob.objects.select_related("owner", "wave__programme")
        .filter(pk=job_id, status=status)
        .first()
    )


def _finish(job: ImportJob, from_status: str, **fields) -> None:
    """Move the job on from ``from_status`` (and only from there)."""
    ImportJob.objects.filter(pk=job.pk, status=from_status).update(
        finished_at=timezone.now(), **fields
    )
    if fields["status"] == ImportJob.Status.FAILED:
        _drop_file(job)


def _drop_file(job: ImportJob) -> None:
    """The stored sheet (names, phone numbers) goes once no step needs it."""
    if job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")


def _read(job: ImportJob) -> bytes:
    with job.file.open("rb") as stored:
        return stored.read()


@shared_task(acks_late=True)
def import_preview(job_id: int) -> bool:
    """Check a stored sheet row by row, as its owner, writing nothing but the job: progress
    every ``imports.PROGRESS_EVERY`` rows, then the preview, which waits for the owner."""
    job = _load(job_id, ImportJob.Status.CHECKING)
    if job is None:
        return False
    checking = ImportJob.Status.CHECKING

    def progress(checked: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk, status=checking).update(
            rows_read=total, rows_checked=checked
        )

    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            if not imports.may_import(job.owner, job.wave):
                raise PermissionDenied
            result = imports.preview(job.owner, job.wave, _read(job), job.kind, progress=progress)
        except PermissionDenied:
            _finish(job, checking, status=ImportJob.Status.FAILED, error=imports.refused_message())
            return False
        except Exception:
            logger.exception("Import job %s: the preview failed", job_id)
            _finish(job, checking, status=ImportJob.Status.FAILED, error=_server_error())
            return False
        if result.error:
            _finish(job, checking, status=ImportJob.Status.FAILED, error=result.error)
            return False
        _finish(
            job,
            checking,
            status=ImportJob.Status.PREVIEW,
            rows=imports.rows_to_json(result.rows),
            rows_read=len(result.rows),
            rows_checked=len(result.rows),
            problem_count=len(result.problem_rows),
        )
    return True


@shared_task(acks_late=True)
def import_run(job_id: int) -> bool:
    """Write a confirmed import, as its owner, all or nothing (``imports.run`` checks every row
    again; the account and enrolment services check permission, seats and write the audit
    rows). The job is marked done in the same transaction as the rows, so a retried task never
    imports twice, and a failure leaves nothing written."""
    job = _load(job_id, ImportJob.Status.IMPORTING)
    if job is None:
        return False
    importing = ImportJob.Status.IMPORTING
    key = _progress_key(job.pk)

    def progress(written: int, total: int) -> None:
        cache.set(key, written, timeout=6 * 3600)

    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            if not imports.may_import(job.owner, job.wave):
                raise PermissionDenied
            content = _read(job)
            with transaction.atomic():
                # The job's row, locked: of two deliveries of this task, the second waits here
                # and then finds the job done.
                if (
                    not ImportJob.objects.select_for_update()
                    .filter(pk=job.pk, status=importing)
                    .exists()
                ):
                    return False
                created = imports.run(job.owner, job.wave, content, job.kind, progress=progress)
                ImportJob.objects.filter(pk=job.pk).update(
                    status=ImportJob.Status.DONE,
                    rows_written=len(created),
                    finished_at=timezone.now(),
                )
        except PermissionDenied:
            _finish(job, importing, status=ImportJob.Status.FAILED, error=imports.refused_message())
            return False
        except imports.ImportRefused as refused:
            # Checked again before writing: something changed since the preview (seats taken,
            # a person registered meanwhile). The new problems are shown; nothing was written.
            _finish(
                job,
                importing,
                status=ImportJob.Status.FAILED,
                rows=imports.rows_to_json(refused.preview.rows),
                problem_count=len(refused.preview.problem_rows),
                error=refused.preview.error
                or _(
                    "Pemeriksaan ulang sebelum menyimpan menemukan baris bermasalah (data "
                    "berubah sejak pratinjau). Tidak ada yang disimpan."
                ),
            )
            return False
        except ValidationError as error:
            message = " ".join(error.messages)
            _finish(
                job,
                importing,
                status=ImportJob.Status.FAILED,
                error=_("Impor dibatalkan: %(reason)s Tidak ada yang disimpan.")
                % {"reason": message},
            )
            return False
        except Exception:
            logger.exception("Import job %s: the import failed", job_id)
            _finish(job, importing, status=ImportJob.Status.FAILED, error=_server_error())
            return False
        finally:
            cache.delete(key)
    _drop_file(job)
    return True


def _server_error() -> str:
    return _(
        "Impor gagal karena kesalahan di server. Tidak ada yang disimpan. Coba unggah lagi; "
        "jika gagal lagi, hubungi admin."
    )
