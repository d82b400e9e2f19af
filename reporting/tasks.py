from __future__ import annotations

import re

from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone

from .models import ExportJob


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
