from django.db import models
from django.utils.translation import gettext_lazy as _


class LatePolicy(models.TextChoices):
    ACCEPT = "accept", _("Terima")
    FLAG = "flag", _("Terima dan tandai terlambat")
    REFUSE = "refuse", _("Tolak")


class Mode(models.TextChoices):
    INDIVIDUAL = "individual", _("Perorangan")
    TEAM = "team", _("Per koperasi (tim)")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Dikumpulkan")
    RETURNED = "returned", _("Dikembalikan untuk revisi")
    GRADED = "graded", _("Dinilai")


class LogbookStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu verifikasi")
    VERIFIED = "verified", _("Diverifikasi")
    RETURNED = "returned", _("Dikembalikan")


class NotificationKind(models.TextChoices):
    GRADE_RELEASED = "grade_released", _("Nilai dirilis")
    RETURNED = "returned", _("Dikembalikan untuk revisi")
    DUE_TOMORROW = "due_tomorrow", _("Tenggat besok")
    LOGBOOK = "logbook", _("Buku harian magang")


# File kinds an assignment may take (lms.files kinds).
ANSWER_KINDS = ("pdf", "docx", "odt", "jpeg", "png", "xlsx", "pptx", "ods", "txt")
DEFAULT_KINDS = ["pdf", "docx", "odt", "jpeg", "png"]
EXTRACTABLE_KINDS = frozenset({"pdf", "docx", "odt", "txt"})
