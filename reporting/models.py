from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def export_upload_to(instance, filename: str) -> str:
    """Unguessable storage names (``lms.files.upload_to``), imported on use (see certificates)."""
    from lms import files

    return files.upload_to("reporting/exports")(instance, filename)


class ExportJob(models.Model):
    """A large export made by a Celery worker and offered to its owner for download."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Sedang dibuat")
        DONE = "done", _("Siap diunduh")
        FAILED = "failed", _("Gagal")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reporting_exports"
    )
    kind = models.CharField(max_length=32)
    params = models.JSONField(default=dict)
    fmt = models.CharField(max_length=8)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to=export_upload_to, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ekspor besar")
        verbose_name_plural = _("ekspor besar")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind} ({self.fmt})"


def import_upload_to(instance, filename: str) -> str:
    """The uploaded sheet, stored privately under an unguessable name until the import ends."""
    from lms import files

    return files.upload_to("reporting/imports")(instance, filename)


class ImportJob(models.Model):
    """A large enrolment import (``reporting.imports``) run by Celery workers in two steps: the
    preview, which writes nothing, then, once its owner confirms, the all-or-nothing import as
    that owner. The row keeps the counts the progress page shows and the preview's rows."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Sedang diperiksa")
        PREVIEW = "preview", _("Pratinjau siap")
        IMPORTING = "importing", _("Sedang didaftarkan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reporting_imports"
    )
    wave = models.ForeignKey(
        "programmes.Wave", on_delete=models.CASCADE, related_name="reporting_imports"
    )
    file = models.FileField(upload_to=import_upload_to, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=8)
    # The owner's language when uploading: the worker writes the problems and errors in it.
    language = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CHECKING)
    rows_read = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    # The preview: one [sheet row, name, cooperative or unit, province, [problems]] per row.
    rows = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("impor besar")
        verbose_name_plural = _("impor besar")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)

    @property
    def confirmable(self) -> bool:
        return (
            self.status == self.Status.PREVIEW
            and not self.error
            and self.problem_count == 0
            and bool(self.rows)
        )
