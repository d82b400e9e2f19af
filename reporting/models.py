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
